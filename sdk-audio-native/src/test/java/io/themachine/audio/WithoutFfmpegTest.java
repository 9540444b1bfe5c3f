package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The module loads and answers without the bytedeco jars (as the CUDA path will), and
 * {@code -Dthemachine.ffmpeg=off} switches FFmpeg off: each checked in a child JVM on the class
 * path, whose jars are found from the classes this JVM loaded (no machine paths).
 */
class WithoutFfmpegTest {
  @TempDir Path dir;

  private static String jarOf(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private String run(List<String> classPath, String... jvmArgs) throws IOException, InterruptedException {
    Path wav = Files.write(dir.resolve("CANARY-4711-JaneDoe.wav"), WavBytes.pcm16(48_000, 1).sine(440, 480).bytes());
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(List.of(jvmArgs));
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), NoFfmpegMain.class.getName(), wav.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).doesNotContain("CANARY");
    return out;
  }

  private static List<String> ownClassPath() {
    return new ArrayList<>(List.of(
        jarOf(AudioFiles.class), // target/classes
        jarOf(NoFfmpegMain.class), // target/test-classes
        jarOf(io.themachine.spi.Extension.class),
        jarOf(org.slf4j.Logger.class)));
  }

  @Test
  void childJvm_withoutBytedecoJars_reportsReasonAndThrowsUnavailable() throws Exception {
    String out = run(ownClassPath());
    assertThat(out).contains("availability: unavailable: FFmpeg jars not on the path")
        .contains("probe extension: audio.probe unavailable: FFmpeg jars not on the path")
        .contains("decode extension: unavailable: FFmpeg jars not on the path").contains(" {}")
        .contains("probe: UNAVAILABLE FFmpeg jars not on the path");
  }

  @Test
  void childJvm_switchedOff_reportsTheSwitch() throws Exception {
    List<String> cp = ownClassPath();
    for (String c : List.of("org.bytedeco.javacpp.Loader", "org.bytedeco.ffmpeg.global.avformat")) {
      cp.add(jarOf(Class.forName(c, false, getClass().getClassLoader())));
    }
    String out = run(cp, "-Dthemachine.ffmpeg=off");
    assertThat(out).contains("availability: unavailable: switched off with -Dthemachine.ffmpeg=off")
        .contains("probe: UNAVAILABLE switched off");
  }
}
