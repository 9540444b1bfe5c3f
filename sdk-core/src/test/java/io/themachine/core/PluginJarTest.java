package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.testing.Files2;
import io.themachine.spi.Extension;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plug and play: an extension compiled at test time into its own jar, outside the SDK's modules,
 * is discovered through ServiceLoader and run by a pipeline, with no change to core.
 */
class PluginJarTest {
  @TempDir Path tmp;

  private static final String SOURCE = """
      package com.example.PKG;

      import io.themachine.spi.*;
      import java.nio.charset.StandardCharsets;

      public final class HelloExtension implements Extension<HelloExtension.Params> {
        public record Params(@Param("what to write before the id") String greeting) {
          public Params {
            if (greeting == null || greeting.isBlank()) throw new ParamException("greeting", "must not be blank");
          }
        }

        @Override public Descriptor<Params> descriptor() {
          return Descriptor.of("ID", "1.0.0", new Params("hello"))
              .consumes(ArtifactKind.RECORDING).produces(ArtifactKind.DOCUMENT).summary("writes a greeting");
        }

        @Override public void run(ExtensionContext<Params> ctx) throws Exception {
          try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.DOCUMENT, "txt")) {
            w.stream().write((ctx.params().greeting() + " " + ctx.input().id()).getBytes(StandardCharsets.UTF_8));
            w.commit();
          }
        }
      }
      """;

  /** Compiles the extension into a jar; {@code modular} adds a module-info with {@code provides}. */
  private Path buildJar(String pkg, String id, boolean modular) throws Exception {
    Path src = tmp.resolve("src-" + pkg);
    Path classes = tmp.resolve("classes-" + pkg);
    Path source = src.resolve("com/example/" + pkg + "/HelloExtension.java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, SOURCE.replace("PKG", pkg).replace("\"ID\"", "\"" + id + "\""));
    List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "25", "-proc:none"));
    List<Path> sources = new ArrayList<>(List.of(source));
    String spi = Path.of(Extension.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    if (modular) {
      Path mi = src.resolve("module-info.java");
      Files.writeString(mi, "module com.example." + pkg + " { requires io.themachine.spi; exports com.example." + pkg
          + "; provides io.themachine.spi.Extension with com.example." + pkg + ".HelloExtension; }");
      sources.add(mi);
      args.addAll(List.of("--module-path", spi));
    } else {
      args.addAll(List.of("-cp", spi));
    }
    for (Path s : sources) args.add(s.toString());
    // java.util.spi.ToolProvider lives in java.base, so the test needs no java.compiler module.
    var out = new java.io.StringWriter();
    var pw = new java.io.PrintWriter(out);
    int rc = java.util.spi.ToolProvider.findFirst("javac").orElseThrow().run(pw, pw, args.toArray(String[]::new));
    assertThat(rc).as("javac " + out).isZero();
    Path jar = tmp.resolve(pkg + ".jar");
    try (JarOutputStream j = new JarOutputStream(Files.newOutputStream(jar))) {
      try (var walk = Files.walk(classes)) {
        for (Path c : walk.filter(Files::isRegularFile).toList()) {
          j.putNextEntry(new JarEntry(classes.relativize(c).toString().replace('\\', '/')));
          Files.copy(c, j);
          j.closeEntry();
        }
      }
      if (!modular) {
        j.putNextEntry(new JarEntry("META-INF/services/io.themachine.spi.Extension"));
        j.write(("com.example." + pkg + ".HelloExtension\n").getBytes(StandardCharsets.UTF_8));
        j.closeEntry();
      }
    }
    return jar;
  }

  private void runHello(ClassLoader loader, String id) throws Exception {
    Files2.random(tmp.resolve("in/a.wav"), 3000, 1);
    Path lib = tmp.resolve("lib-" + id);
    try (var l = Librarian.open(lib, LibrarianTest.opts().discover(true).classLoader(loader))) {
      var info = l.extensions().stream().filter(e -> e.id().equals(id)).findFirst().orElseThrow();
      assertThat(info.summary()).isEqualTo("writes a greeting");
      assertThat(info.params()).singleElement().satisfies(p -> assertThat(p.description()).isEqualTo("what to write before the id"));
      l.ingest(tmp.resolve("in"));
      var report = l.run(Pipeline.fromYamlText("steps:\n  - use: " + id + "\n    with: { greeting: hi }\n"));
      assertThat(report.ran()).as(report.summary()).isEqualTo(1);
      var rec = l.recordings().get(0);
      var doc = l.explain(LibrarianTestIds.lastDocument(l)).head();
      assertThat(Files.readString(l.file(doc.artifact()))).isEqualTo("hi " + rec.id());
      assertThat(doc.extension()).isEqualTo(id);
      assertThat(l.run(Pipeline.fromYamlText("steps:\n  - use: " + id + "\n    with: { greeting: hi }\n")).cached()).isEqualTo(1);
      assertThatThrownBy(() -> l.validate(Pipeline.fromYamlText("steps:\n  - use: " + id + "\n    with: { greeting: ' ' }\n")))
          .hasMessageContaining("field 'greeting': must not be blank");
    }
  }

  @Test
  void classPathJar_isDiscoveredAndRun() throws Exception {
    Path jar = buildJar("plain", "example.hello", false);
    try (var cl = new URLClassLoader(new URL[] {jar.toUri().toURL()}, Librarian.class.getClassLoader())) {
      runHello(cl, "example.hello");
    }
  }

  @Test
  void modularJar_inItsOwnLayer_isDiscoveredAndRun() throws Exception {
    Path jar = buildJar("modular", "example.hellomod", true);
    ModuleLayer parent = Librarian.class.getModule().getLayer() != null ? Librarian.class.getModule().getLayer() : ModuleLayer.boot();
    Configuration cf = parent.configuration().resolveAndBind(ModuleFinder.of(jar), ModuleFinder.of(), Set.of("com.example.modular"));
    ModuleLayer layer = parent.defineModulesWithOneLoader(cf, Librarian.class.getClassLoader());
    runHello(layer.findLoader("com.example.modular"), "example.hellomod");
  }

  @Test
  void twoJarsWithOneId_failNamingBothProviders() throws Exception {
    Path a = buildJar("first", "example.same", false);
    Path b = buildJar("second", "example.same", false);
    try (var cl = new URLClassLoader(new URL[] {a.toUri().toURL(), b.toUri().toURL()}, Librarian.class.getClassLoader())) {
      assertThatThrownBy(() -> Librarian.open(tmp.resolve("lib"), LibrarianTest.opts().discover(true).classLoader(cl)))
          .isInstanceOf(LibrarianException.class)
          .satisfies(e -> assertThat(((LibrarianException) e).reason()).isEqualTo(Reason.EXTENSIONS))
          .hasMessageContaining("two extensions have the id 'example.same'")
          .hasMessageContaining("com.example.first.HelloExtension").hasMessageContaining("com.example.second.HelloExtension");
    }
  }

  /** Finds the newest document artifact through the public API. */
  static final class LibrarianTestIds {
    static String lastDocument(Librarian l) {
      var out = new java.io.ByteArrayOutputStream();
      l.exportManifest(out);
      var m = tools.jackson.databind.json.JsonMapper.builder().build();
      return out.toString(StandardCharsets.UTF_8).lines().map(m::readTree)
          .filter(n -> n.get("kind").asString().equals("document")).reduce((x, y) -> y).orElseThrow().get("id").asString();
    }
  }

}
