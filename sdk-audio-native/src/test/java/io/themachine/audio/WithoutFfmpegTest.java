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

  private static String jarOfResource(String resource) throws Exception {
    java.net.URL u = WithoutFfmpegTest.class.getClassLoader().getResource(resource);
    if (u == null) u = ClassLoader.getSystemResource(resource);
    assertThat(u).as(resource).isNotNull();
    String s = u.toString(); // jar:file:/...!/resource
    return Path.of(java.net.URI.create(s.substring(4, s.indexOf("!/")))).toString();
  }

  @Test
  void childJvm_canaryNamedFiles_writeNoCanaryAnywhere() throws Exception {
    FfmpegCli.assumePresent();
    Path folder = Files.createDirectories(dir.resolve("CANARY-4711-JaneDoe +1-555-0147-0199"));
    Path clean = Files.createDirectories(dir.resolve("clean"));
    Files.write(folder.resolve("CANARY-4711-JaneDoe good.wav"), WavBytes.pcm16(48_000, 1).sine(440, 4800)
        .infoTag("INAM", "CANARY-4711-JaneDoe jane.doe.4711@example.org").bytes());
    Files.writeString(folder.resolve("CANARY-4711-JaneDoe text.wav"), "CANARY-4711-JaneDoe ".repeat(50));
    Files.write(folder.resolve("+1-555-0147-0199 empty.flac"), new byte[0]);
    Files.write(folder.resolve("jane.doe.4711@example.org wide.wav"), WavBytes.pcm16(48_000, 65_535).rawData(new byte[512]).bytes());
    Path mp3 = folder.resolve("CANARY-4711-JaneDoe tagged.mp3");
    FfmpegCli.run("-f", "lavfi", "-i", "sine=f=440:d=1", "-c:a", "libmp3lame", "-metadata", "title=CANARY-4711-JaneDoe",
        "-metadata", "artist=+1-555-0147-0199", mp3.toString());
    Files.write(folder.resolve("CANARY-4711-JaneDoe cut.mp3"), java.util.Arrays.copyOf(Files.readAllBytes(mp3), 2048));

    List<String> cp = ownClassPath();
    for (String c : List.of("org.bytedeco.javacpp.Loader", "org.bytedeco.ffmpeg.global.avformat")) {
      cp.add(jarOf(Class.forName(c, false, getClass().getClassLoader())));
    }
    cp.add(jarOfResource("org/bytedeco/ffmpeg/linux-x86_64/libavcodec.so.62"));
    cp.add(jarOfResource("org/bytedeco/javacpp/linux-x86_64/libjnijavacpp.so"));
    String java = ProcessHandle.current().info().command().orElseThrow();
    List<String> cmd = List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp", String.join(File.pathSeparator, cp),
        CanaryChildMain.class.getName(), folder.toString(), clean.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start(); // stdout and native stderr together
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("done 6").contains("UNRECOGNIZED").contains("EMPTY").contains("INVALID_HEADER").contains("stream-copy");
    for (String canary : PrivacyCanaryTest.CANARIES) assertThat(out).doesNotContain(canary);
    assertThat(out).doesNotContain(dir.toString());
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
