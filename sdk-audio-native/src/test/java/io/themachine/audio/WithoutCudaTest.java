package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Child JVMs on the class path with only the SDK's own jars (no bytedeco): every CUDA class loads
 * and initialises, and the backend reports its verdict with a reason; with
 * {@code -Dthemachine.cuda=off} no CUDA class is loaded at all ({@code -verbose:class} shows none).
 */
class WithoutCudaTest {
  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String run(List<String> jvmArgs, String... args) throws Exception {
    List<String> cp = List.of(jarOf(Backend.class), jarOf(NoCudaMain.class), jarOf(io.themachine.spi.Extension.class),
        jarOf(org.slf4j.Logger.class));
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, cp), NoCudaMain.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void childJvm_withoutBytedeco_loadsEveryCudaClass_andReportsAReason() throws Exception {
    String out = run(List.of(), "load");
    assertThat(out).contains("bytedeco on path: false").contains("cuda classes loaded: " + NoCudaMain.CUDA_CLASSES.size())
        .contains("CUDA: ").doesNotContain("Exception");
    if (out.contains("CUDA: unavailable")) {
      assertThat(out).contains("choice: Backend[SCALAR, fallback from CUDA: CUDA requested but unavailable: ");
    }
  }

  @Test
  void childJvm_switchedOff_loadsNoCudaClass() throws Exception {
    String out = run(List.of("-Dthemachine.cuda=off", "-verbose:class"));
    assertThat(out).contains("CUDA: unavailable: switched off with -Dthemachine.cuda=off")
        .contains("choice: Backend[SCALAR, fallback from CUDA: CUDA requested but unavailable: switched off")
        .contains("io.themachine.audio.Backend") // -verbose:class works
        .doesNotContain("io.themachine.audio.internal.cuda.");
  }
}
