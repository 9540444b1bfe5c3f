package io.themachine.audio;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference {@code ffmpeg} command-line tool (Debian package {@code ffmpeg}), used only by
 * tests: to make fixtures from synthesized signals and to decode them for comparison. Tests that
 * need it skip, with the reason, where it is absent.
 */
final class FfmpegCli {
  private FfmpegCli() {}

  /** The CLI to run; {@code -Dthemachine.test.ffmpeg=/nonexistent} checks the skip path. */
  private static final String EXE = System.getProperty("themachine.test.ffmpeg", "ffmpeg");

  private static final String VERSION = probe();

  private static String probe() {
    try {
      Process p = new ProcessBuilder(EXE, "-hide_banner", "-version").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().findFirst().orElse("ffmpeg") : null;
    } catch (IOException | InterruptedException e) {
      return null;
    }
  }

  static boolean present() {
    return VERSION != null;
  }

  static void assumePresent() {
    assumeTrue(VERSION != null,
        "the reference ffmpeg CLI is not installed (Debian: apt-get install -y ffmpeg); skipping the comparison");
  }

  static String version() {
    return VERSION;
  }

  /** Runs {@code ffmpeg -nostdin -v error -y args...} and fails on a non-zero exit. */
  static void run(String... args) {
    List<String> cmd = new ArrayList<>(List.of(EXE, "-nostdin", "-hide_banner", "-v", "error", "-y"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed: " + String.join(" ", cmd) + "\n" + new String(out));
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Decodes with the CLI to interleaved float32 and returns planar samples. */
  static float[][] decode(Path file, int channels) {
    List<String> cmd = List.of(EXE, "-nostdin", "-hide_banner", "-v", "error", "-i", file.toString(),
        "-map", "0:a:0", "-f", "f32le", "-c:a", "pcm_f32le", "-");
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        in.transferTo(buf);
      }
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("ffmpeg decode failed");
      ByteBuffer b = ByteBuffer.wrap(buf.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      int frames = b.remaining() / 4 / channels;
      float[][] out = new float[channels][frames];
      for (int i = 0; i < frames; i++) for (int c = 0; c < channels; c++) out[c][i] = b.getFloat();
      return out;
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
