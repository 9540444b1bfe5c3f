package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.separation.ModelSeparation;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue E, section 4: the model runner's peak memory is flat in input length. Two child JVMs with the
 * same flags separate a generated stereo input (streamed from a formula) of 10 minutes and of 2
 * hours with the tiny HDemucs fixture (batch 8, normalised, residual); the 2-hour peak RSS must be
 * at most 32 MiB above the 10-minute one. About two minutes on one core: slow suite only
 * ({@code scripts/slow-test.sh}); {@code benchmarks/torch-memory.sh} prints the same figures.
 */
@Tag("slow")
class TorchMemorySlowTest {
  @TempDir Path dir;

  private static String jarOf(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String jarOfResource(String resource) throws Exception {
    java.net.URL u = TorchMemorySlowTest.class.getClassLoader().getResource(resource);
    if (u == null) u = ClassLoader.getSystemResource(resource);
    String s = u.toString();
    return Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))).toString();
  }

  private double peakMiB(List<String> cp, Path model, int minutes) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = List.of(java, "-Xms64m", "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp",
        String.join(File.pathSeparator, cp), "io.themachine.audio.internal.torch.TorchBenchMain", "memory", model.toString(),
        Integer.toString(minutes), "1", "8");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(20, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    Matcher m = Pattern.compile("peak RSS ([0-9.]+) MiB").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    System.out.println(out.lines().filter(l -> l.startsWith("memory")).findFirst().orElse(out));
    return Double.parseDouble(m.group(1));
  }

  @Test
  void separate_twoHoursVsTenMinutes_peakRssWithin32MiB() throws Exception {
    assumeTrue(ModelSeparation.availability().available(), ModelSeparation.availability().reason());
    List<String> cp = new ArrayList<>(List.of(jarOf(AudioFiles.class), jarOf(TorchMemorySlowTest.class),
        jarOf(io.themachine.spi.Extension.class), jarOf(org.slf4j.Logger.class)));
    for (String c : List.of("org.bytedeco.javacpp.Loader", "org.bytedeco.pytorch.global.torch", "org.bytedeco.openblas.global.openblas")) {
      cp.add(jarOf(Class.forName(c, false, getClass().getClassLoader())));
    }
    cp.add(jarOfResource("org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so"));
    cp.add(jarOfResource("org/bytedeco/pytorch/linux-x86_64/libjnitorch.so"));
    cp.add(jarOfResource("org/bytedeco/openblas/linux-x86_64/libjniopenblas.so"));
    Path model = dir.resolve("hdemucs_tiny.pt");
    for (String ext : List.of(".pt", ".json")) {
      try (var in = io.themachine.audio.internal.torch.ModelSeparationTestAccess.fixture("hdemucs_tiny" + ext)) {
        Files.copy(in, dir.resolve("hdemucs_tiny" + ext));
      }
    }
    double shortPeak = peakMiB(cp, model, 10);
    double longPeak = peakMiB(cp, model, 120);
    assertThat(longPeak - shortPeak).as("2 h peak %.1f MiB vs 10 min %.1f MiB", longPeak, shortPeak).isLessThanOrEqualTo(32.0);
  }
}
