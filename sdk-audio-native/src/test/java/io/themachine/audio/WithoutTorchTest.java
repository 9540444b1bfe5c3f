package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.separation.ModelSeparation;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model tier without bytedeco PyTorch on the path, switched off, and with it: libtorch's own
 * stderr stays quiet. Each in a child JVM on the class path, whose jars are found from the classes
 * this JVM loaded (no machine paths).
 */
class WithoutTorchTest {
  @TempDir Path dir;

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String jarOfResource(String resource) throws Exception {
    java.net.URL u = WithoutTorchTest.class.getClassLoader().getResource(resource);
    if (u == null) u = ClassLoader.getSystemResource(resource);
    assertThat(u).as(resource).isNotNull();
    String s = u.toString(); // jar:file:/...!/resource
    return Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))).toString();
  }

  private static List<String> ownClassPath() {
    return new ArrayList<>(List.of(jarOf(AudioFiles.class), jarOf(NoTorchMain.class),
        jarOf(io.themachine.spi.Extension.class), jarOf(org.slf4j.Logger.class)));
  }

  private static List<String> withTorch() throws Exception {
    List<String> cp = ownClassPath();
    for (String c : List.of("org.bytedeco.javacpp.Loader", "org.bytedeco.pytorch.global.torch", "org.bytedeco.openblas.global.openblas")) {
      cp.add(jarOf(Class.forName(c, false, WithoutTorchTest.class.getClassLoader())));
    }
    cp.add(jarOfResource("org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so"));
    cp.add(jarOfResource("org/bytedeco/pytorch/linux-x86_64/libjnitorch.so"));
    cp.add(jarOfResource("org/bytedeco/openblas/linux-x86_64/libjniopenblas.so"));
    return cp;
  }

  private Path model() throws IOException {
    Path d = Files.createDirectories(dir.resolve("CANARY-4711-JaneDoe"));
    for (String ext : List.of(".pt", ".json")) {
      try (var in = io.themachine.audio.internal.torch.ModelSeparationTestAccess.fixture("noisy_identity" + ext)) {
        Files.copy(in, d.resolve("CANARY-4711-JaneDoe" + ext));
      }
    }
    return d.resolve("CANARY-4711-JaneDoe.pt");
  }

  private String run(List<String> classPath, String... args) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    int i = 0;
    for (; i < args.length && args[i].startsWith("-D"); i++) cmd.add(args[i]);
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), NoTorchMain.class.getName()));
    for (; i < args.length; i++) cmd.add(args[i]);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true); // native stderr too
    pb.environment().remove("TORCH_CPP_LOG_LEVEL");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("CANARY");
    return out;
  }

  @Test
  void childJvm_withoutPytorchJars_reportsReasonAndThrowsUnavailable() throws Exception {
    String out = run(ownClassPath(), model().toString());
    assertThat(out).contains("availability: unavailable: PyTorch jars not on the path: add org.bytedeco:pytorch")
        .contains("open: ModelException PyTorch jars not on the path");
  }

  @Test
  void childJvm_switchedOff_reportsTheSwitch() throws Exception {
    assumeTrue(ModelSeparation.availability().available(), ModelSeparation.availability().reason());
    String out = run(withTorch(), "-Dthemachine.torch=off", model().toString());
    assertThat(out).contains("availability: unavailable: switched off with -Dthemachine.torch=off")
        .contains("open: ModelException switched off");
  }

  @Test
  void childJvm_noisyModel_libtorchWarningsSilenced() throws Exception {
    // noisy_identity.pt makes ATen log "An output with one or more elements was resized" (a
    // TORCH_WARN) on every forward call; the control run with -Dthemachine.torch.log=on shows it.
    assumeTrue(ModelSeparation.availability().available(), ModelSeparation.availability().reason());
    Path pt = model();
    String loud = run(withTorch(), "-Dthemachine.torch.log=on", pt.toString(), "separate");
    assertThat(loud).contains("separated: [copy]").contains("was resized");
    String quiet = run(withTorch(), pt.toString(), "separate");
    assertThat(quiet).contains("separated: [copy]").doesNotContain("was resized").doesNotContain("[W");
  }
}
