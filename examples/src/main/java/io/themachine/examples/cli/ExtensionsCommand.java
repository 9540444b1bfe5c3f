package io.themachine.examples.cli;

import io.themachine.core.ExtensionInfo;
import io.themachine.core.Librarian;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

@Command(name = "extensions", mixinStandardHelpOptions = true,
    description = "List the extensions on the path: id, version, kinds, parameters with defaults, availability.")
final class ExtensionsCommand extends LibraryCommand {
  @Override
  public Integer call() {
    List<ExtensionInfo> all = list();
    if (json) {
      printJson(all.stream().map(ExtensionsCommand::json).toList());
      return TheMachine.OK;
    }
    for (ExtensionInfo e : all) {
      say(e.id() + " " + e.version() + "  " + kinds(e.consumes()) + " -> " + kinds(e.produces()) + "  per "
          + e.scope().name().toLowerCase(java.util.Locale.ROOT) + "  "
          + (e.availability().available() ? "available" : "UNAVAILABLE: " + e.availability().reason()));
      if (!e.summary().isEmpty()) say("    " + e.summary());
      for (ExtensionInfo.ParamInfo p : e.params()) {
        say("    " + p.name() + ": " + p.type() + " = " + p.defaultValue()
            + (p.description() == null || p.description().isEmpty() ? "" : "   " + p.description()));
      }
    }
    say(all.size() + " extensions");
    return TheMachine.OK;
  }

  /** From the library when there is one (its options decide discovery), else from a throwaway one. */
  private List<ExtensionInfo> list() {
    if (isLibrary(libraryPath())) {
      try (Librarian lib = openExisting()) {
        return lib.extensions();
      }
    }
    Path temp = null;
    try {
      temp = Files.createTempDirectory("themachine-extensions-");
      try (Librarian lib = Librarian.open(temp, app.libraryOptions())) {
        return lib.extensions();
      }
    } catch (IOException e) {
      throw new TheMachine.CliException("cannot create a temporary folder: " + e.getClass().getSimpleName());
    } finally {
      if (temp != null) deleteTree(temp);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // a leftover temporary folder is harmless
    }
  }

  private static String kinds(java.util.Set<?> kinds) {
    return kinds.isEmpty() ? "-" : String.join(",", kinds.stream().map(Object::toString).sorted().toList());
  }

  private static Map<String, Object> json(ExtensionInfo e) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", e.id());
    o.put("version", e.version());
    o.put("consumes", e.consumes().stream().map(Object::toString).sorted().toList());
    o.put("produces", e.produces().stream().map(Object::toString).sorted().toList());
    o.put("scope", e.scope().name().toLowerCase(java.util.Locale.ROOT));
    o.put("summary", e.summary());
    o.put("params", e.params().stream().map(p -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", p.name());
      m.put("type", p.type());
      m.put("default", p.defaultValue());
      m.put("description", p.description());
      return m;
    }).toList());
    o.put("available", e.availability().available());
    o.put("reason", e.availability().reason());
    o.put("provider", e.provider());
    return o;
  }
}
