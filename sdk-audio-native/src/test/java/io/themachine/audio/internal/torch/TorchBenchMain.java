package io.themachine.audio.internal.torch;

import io.themachine.audio.separation.ModelOptions;
import io.themachine.audio.separation.ModelRun;
import io.themachine.audio.separation.ModelSeparation;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Peer and memory runs of the model runner, started by {@code benchmarks/torch-peer.sh} and
 * {@code benchmarks/torch-memory.sh} (class path, not JUnit):
 * <pre>
 *   speed MODEL.pt INPUT.f32 THREADS REPEAT     "java wall_s cpu_s" per run (after a warm-up run)
 *   memory MODEL.pt MINUTES THREADS BATCH       separates a generated MINUTES-long stereo input at the
 *                                               model's rate, streamed (no file), and prints peak RSS
 * </pre>
 */
public final class TorchBenchMain {
  private TorchBenchMain() {}

  public static void main(String[] args) throws IOException {
    switch (args[0]) {
      case "speed" -> speed(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "forward" -> forward(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      case "memory" -> memory(Path.of(args[1]), Double.parseDouble(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  static void speed(Path model, Path input, int threads, int repeat) throws IOException {
    byte[] b = Files.readAllBytes(input);
    int n = b.length / 8;
    float[] l = new float[n], r = new float[n];
    var fb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    fb.get(l);
    fb.get(r);
    try (ModelSeparation m = ModelSeparation.open(model)) {
      int rate = m.card().sampleRate();
      ModelOptions o = ModelOptions.defaults().threads(threads);
      AudioBuffer warm = AudioBuffer.of(rate, java.util.Arrays.copyOf(l, m.card().segment() * 2), java.util.Arrays.copyOf(r, m.card().segment() * 2));
      m.separate(warm, o, (s, k) -> {});
      AudioBuffer x = AudioBuffer.of(rate, l, r);
      for (int i = 0; i < repeat; i++) {
        double cpu0 = processCpuSeconds();
        ModelRun run = m.separate(x, o, (s, k) -> {});
        // process CPU (all threads), as Python's time.process_time(); /proc/self/stat, 10 ms ticks
        System.out.printf(Locale.ROOT, "java %.4f %.4f%n", run.wallSeconds(), processCpuSeconds() - cpu0);
      }
    }
  }

  /** The graph alone: REPEAT forward calls on the input's first chunk (batch 1), after 3 warm-up calls. */
  static void forward(Path model, Path input, int threads, int repeat) throws IOException {
    var card = io.themachine.audio.separation.ModelCard.read(io.themachine.audio.separation.ModelCard.besides(model));
    byte[] b = Files.readAllBytes(input);
    int n = b.length / 8, l = card.chunkLength();
    var fb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    TorchAvailability.require("bench");
    try (TensorGraph g = TorchGraph.open(model)) {
      g.threads(threads);
      var in = g.input(2L * l);
      for (int c = 0; c < 2; c++) for (int i = 0; i < l; i++) in.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, (long) c * l + i, fb.get(c * n + i));
      long expect = 2L * card.stems().size() * l;
      for (int i = 0; i < 3; i++) g.forward(new long[] {1, 2, l}, expect);
      double w0 = System.nanoTime(), c0 = processCpuSeconds();
      for (int i = 0; i < repeat; i++) g.forward(new long[] {1, 2, l}, expect);
      System.out.printf(Locale.ROOT, "java %.4f %.4f%n", (System.nanoTime() - w0) / 1e9, processCpuSeconds() - c0);
    }
  }

  /** A generated stereo source: tones and hashed noise, computed block by block (nothing held). */
  static AudioSource generated(int rate, long frames) {
    return new AudioSource() {
      @Override public MediaInfo info() {
        throw new UnsupportedOperationException("generated source");
      }

      @Override public AudioBlockReader open() {
        return open(0, null);
      }

      @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
        return new AudioBlockReader() {
          long pos;

          @Override public int sampleRate() { return rate; }

          @Override public ChannelLayout layout() { return ChannelLayout.STEREO; }

          @Override public int read(float[][] dst, int offset, int maxFrames) {
            int k = (int) Math.min(maxFrames, frames - pos);
            if (k <= 0) return -1;
            for (int i = 0; i < k; i++) {
              long p = pos + i;
              double t = p / (double) rate;
              long h = (p * 2654435761L) & 0xffffffffL;
              h ^= h >>> 15;
              double noise = ((h * 2246822519L) & 0xffffffffL) / 4294967296.0 - 0.5;
              dst[0][offset + i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.05 * noise);
              dst[1][offset + i] = (float) (0.3 * Math.sin(2 * Math.PI * 330 * t) - 0.05 * noise);
            }
            pos += k;
            return k;
          }

          @Override public long framesRead() { return pos; }

          @Override public void close() {}
        };
      }
    };
  }

  static void memory(Path model, double minutes, int threads, int batch) throws IOException {
    try (ModelSeparation m = ModelSeparation.open(model)) {
      int rate = m.card().sampleRate();
      long frames = (long) (minutes * 60 * rate);
      long[] seen = {0};
      double[] peak = {0};
      ModelRun run = m.separate(generated(rate, frames), ModelOptions.defaults().threads(threads).batch(batch).residual("rest"),
          (stems, k) -> {
            seen[0] += k;
            for (float v : stems[0][0]) peak[0] = Math.max(peak[0], Math.abs(v));
          });
      System.gc();
      String status = Files.readString(Path.of("/proc/self/status"));
      long hwm = kib(status, "VmHWM:"), rss = kib(status, "VmRSS:");
      Runtime rt = Runtime.getRuntime();
      System.out.printf(Locale.ROOT, "memory %.0f min %d frames: peak RSS %.1f MiB, RSS %.1f MiB, heap used %.1f MiB of %.1f MiB; %s%n",
          minutes, seen[0], hwm / 1024.0, rss / 1024.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
          rt.totalMemory() / 1048576.0, run);
      if (seen[0] != frames) throw new IllegalStateException("delivered " + seen[0] + " of " + frames);
    }
  }

  static double processCpuSeconds() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in USER_HZ (100)
  }

  private static long kib(String status, String key) {
    for (String line : status.split("\n")) {
      if (line.startsWith(key)) return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
    }
    return -1;
  }
}
