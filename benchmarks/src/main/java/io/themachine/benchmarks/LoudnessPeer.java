package io.themachine.benchmarks;

import io.themachine.audio.dsp.Programme;
import io.themachine.audio.Backend;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessMeter;
import io.themachine.audio.dsp.LoudnessOptions;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Java half of {@code benchmarks/loudness-peer.sh}: writes the benchmark programme as raw
 * interleaved little-endian float32 (what the libebur128 harness reads), then times the SDK's
 * kernels on the same samples (warm-up, then best of N wall-clock runs, reused meters) and prints
 * one line per measurement: {@code java BACKEND MODE seconds I LRA TP SP}.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp benchmarks.jar io.themachine.benchmarks.LoudnessPeer 600 out.f32 5</pre>
 */
public final class LoudnessPeer {
  private LoudnessPeer() {}

  public static void main(String[] args) throws IOException {
    double seconds = Double.parseDouble(args[0]);
    Path out = Path.of(args[1]);
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    AudioBuffer x = Programme.generate(seconds);
    write(x, out);
    agreement(Programme.generate(Math.min(seconds, 120)), out.toAbsolutePath().getParent());
    float[][] planar = {x.array(0), x.array(1)};
    for (Backend b : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
      if (!b.availability().available()) {
        System.out.println("# " + b + " unavailable: " + b.availability().reason());
        continue;
      }
      LoudnessKernel k = b.loudness();
      for (String mode : new String[] {"I", "full"}) {
        LoudnessMeter m = k.meter(x.sampleRate(), ChannelLayout.STEREO, mode.equals("I") ? LoudnessOptions.integratedOnly() : LoudnessOptions.full());
        double best = Double.MAX_VALUE;
        LoudnessResult r = null;
        for (int i = 0; i < repeats + 2; i++) {
          long t0 = System.nanoTime();
          m.reset();
          m.accept(planar, 0, planar[0].length);
          r = m.result();
          double s = (System.nanoTime() - t0) / 1e9;
          if (i >= 2) best = Math.min(best, s);
        }
        System.out.println(String.format(Locale.ROOT, "java %s %s %.6f %.4f %.4f %.4f %.4f", b, mode, best,
            r.integratedLufs(), r.rangeLu(), r.truePeakDbtp(), r.samplePeakDbfs()));
      }
    }
  }

  /**
   * Agreement on other layouts: mono, 5.1 and 7.1 programmes built from the stereo one (channels
   * mixed with fixed gains, LFE carrying a loud copy that must not count), written beside
   * {@code dir} as {@code prog_LAYOUT.f32}; prints {@code agree LAYOUT I LRA TP SP} per layout.
   */
  static void agreement(AudioBuffer stereo, Path dir) throws IOException {
    float[] l = stereo.array(0), r = stereo.array(1);
    int n = stereo.frames();
    float[] c = new float[n], lfe = new float[n], ls = new float[n], rs = new float[n];
    for (int i = 0; i < n; i++) {
      c[i] = 0.5f * (l[i] + r[i]);
      lfe[i] = 0.9f * l[i];
      ls[i] = 0.6f * r[i];
      rs[i] = 0.6f * l[i];
    }
    AudioBuffer[] xs = {
      AudioBuffer.of(stereo.sampleRate(), ChannelLayout.MONO, l),
      AudioBuffer.of(stereo.sampleRate(), ChannelLayout.SURROUND_5_1, l, r, c, lfe, ls, rs),
      AudioBuffer.of(stereo.sampleRate(), ChannelLayout.SURROUND_7_1, l, r, c, lfe, ls, rs, rs, ls)};
    String[] names = {"mono", "5.1", "7.1"};
    for (int k = 0; k < xs.length; k++) {
      write(xs[k], dir.resolve("prog_" + names[k] + ".f32"));
      LoudnessResult res = new io.themachine.audio.dsp.ScalarLoudness().measure(xs[k]);
      System.out.println(String.format(Locale.ROOT, "agree %s %.4f %.4f %.4f %.4f", names[k], res.integratedLufs(),
          res.rangeLu(), res.truePeakDbtp(), res.samplePeakDbfs()));
    }
  }

  static void write(AudioBuffer x, Path out) throws IOException {
    int n = x.frames();
    int ch = x.channels();
    float[][] a = new float[ch][];
    for (int c = 0; c < ch; c++) a[c] = x.array(c);
    ByteBuffer bb = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
    try (OutputStream os = Files.newOutputStream(out)) {
      for (int i = 0; i < n; i++) {
        if (bb.remaining() < 4 * ch) {
          os.write(bb.array(), 0, bb.position());
          bb.clear();
        }
        for (int c = 0; c < ch; c++) bb.putFloat(a[c][i]);
      }
      os.write(bb.array(), 0, bb.position());
    }
  }
}
