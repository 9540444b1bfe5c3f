package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.dsp.Spectrogram;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.internal.cpu.BlockSeparator;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Centre extraction from a stereo pair, two ways; stems {@code vocals} (the centre) and
 * {@code instrumental} (the sides), stereo, adding up to the input.
 *
 * <ul>
 *   <li>{@link Mode#SOFT}: Avendano and Jot (2004)'s inter-channel similarity
 *       {@code psi = 2 |L conj(R)| / (|L|^2 + |R|^2)} ({@link SeparationKernel#stereoSimilarity}),
 *       centre mask {@code psi^power} on both channels, sides {@code 1 - psi^power}. A source
 *       panned 3 dB off centre has {@code psi = 0.94}, 6 dB off 0.8, hard-panned 0. Frame by frame,
 *       so it streams with no context. psi ignores the phase difference (as the paper's does).</li>
 *   <li>{@link Mode#MID_SIDE}: {@code vocals = (L + R) / 2} on both channels,
 *       {@code instrumental = (L - R) / 2} and {@code (R - L) / 2}; no transform.</li>
 * </ul>
 * Stereo only: other channel counts throw.
 *
 * @param stft  the transform (soft mode)
 * @param mode  soft or mid/side
 * @param power sharpness of the soft mask, positive (default 8)
 */
public record Centre(Stft stft, Mode mode, double power) implements Separator {
  /** How the centre is found. */
  public enum Mode {
    SOFT,
    MID_SIDE;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Centre {
    Objects.requireNonNull(stft, "stft");
    Objects.requireNonNull(mode, "mode");
    if (!(power > 0) || Double.isInfinite(power)) throw new IllegalArgumentException("power must be positive and finite: " + power);
  }

  /** Soft centre mask, n_fft 2048, hop 512, power 8. */
  public static Centre soft() {
    return new Centre(Stft.librosa(2048), Mode.SOFT, 8.0);
  }

  /** Mid/side: the mid on both channels and the side. */
  public static Centre midSide() {
    return new Centre(Stft.librosa(2048), Mode.MID_SIDE, 8.0);
  }

  public Centre stft(Stft v) { return new Centre(v, mode, power); }

  public Centre power(double v) { return new Centre(stft, mode, v); }

  @Override
  public String method() {
    return "centre";
  }

  @Override
  public List<String> stemNames() {
    return List.of("vocals", "instrumental");
  }

  private static void requireStereo(int channels) {
    if (channels != 2) throw new IllegalArgumentException("centre: needs 2 channels, got " + channels);
  }

  @Override
  public Stems separate(AudioBuffer audio, Backend backend) {
    requireStereo(audio.channels());
    if (mode == Mode.SOFT) return Engine.run(method(), stemNames(), stft, stage(backend.separation()), Engine.BLOCK, audio);
    Engine.requireFinite(audio, method());
    int n = audio.frames();
    float[] l = audio.array(0), r = audio.array(1);
    float[][][] out = new float[2][2][n];
    midSide(l, r, 0, out[0][0], out[0][1], out[1][0], out[1][1], 0, n);
    return Engine.stems(method(), stemNames(), audio, out);
  }

  private static void midSide(float[] l, float[] r, int off, float[] ml, float[] mr, float[] sl, float[] sr, int dst, int n) {
    for (int i = 0; i < n; i++) {
      float a = l[off + i], b = r[off + i];
      float mid = 0.5f * (a + b);
      ml[dst + i] = mid;
      mr[dst + i] = mid;
      sl[dst + i] = a - mid;
      sr[dst + i] = b - mid;
    }
  }

  @Override
  public AudioBlockReader stream(AudioBlockReader in, String stem, Backend backend) {
    requireStereo(in.channels());
    int i = Engine.index(stemNames(), stem, method());
    if (mode == Mode.SOFT) return Engine.stream(in, stft, stage(backend.separation()), Engine.BLOCK, i);
    return new AudioBlockReader() {
      private final float[][] buf = new float[2][0];
      private final float[][] unused = new float[2][0]; // the stem not asked for
      private long read;

      @Override public int sampleRate() { return in.sampleRate(); }

      @Override public ChannelLayout layout() { return in.layout(); }

      @Override
      public int read(float[][] dst, int offset, int maxFrames) {
        if (buf[0].length < maxFrames) for (int c = 0; c < 2; c++) buf[c] = new float[maxFrames];
        if (unused[0].length < offset + maxFrames) for (int c = 0; c < 2; c++) unused[c] = new float[offset + maxFrames];
        int n = in.read(buf, 0, maxFrames);
        if (n <= 0) return n;
        for (int c = 0; c < 2; c++) {
          for (int j = 0; j < n; j++) {
            if (!Float.isFinite(buf[c][j])) throw new IllegalArgumentException("centre: sample " + (read + j) + " of channel " + c + " is not finite");
          }
        }
        if (i == 0) midSide(buf[0], buf[1], 0, dst[0], dst[1], unused[0], unused[1], offset, n);
        else midSide(buf[0], buf[1], 0, unused[0], unused[1], dst[0], dst[1], offset, n);
        read += n;
        return n;
      }

      @Override public long framesRead() { return read; }

      @Override public void close() { in.close(); }
    };
  }

  BlockSeparator.MaskStage stage(SeparationKernel kernel) {
    return new BlockSeparator.MaskStage() {
      @Override public int stems() { return 2; }

      @Override public int contextFrames() { return 0; }

      @Override
      public void masks(Spectrogram[] complex, FeatureMatrix[] magnitude, int from, int to, FeatureMatrix[][] masks) {
        FeatureMatrix psi = masks[0][0];
        kernel.stereoSimilarity(complex[0], complex[1], psi);
        float[] v = psi.data(), vr = masks[0][1].data(), il = masks[1][0].data(), ir = masks[1][1].data();
        int whole = power == Math.rint(power) && power <= 32 ? (int) power : -1;
        for (int i = 0; i < v.length; i++) {
          // whole powers by repeated multiplication in double (the default 8 is three squarings)
          float m = (float) (whole > 0 ? powInt(v[i], whole) : Math.pow(v[i], power));
          v[i] = m;
          vr[i] = m;
          il[i] = 1f - m;
          ir[i] = 1f - m;
        }
      }
    };
  }

  private static double powInt(double x, int n) {
    double r = 1, b = x;
    for (int e = n; e > 0; e >>= 1) {
      if ((e & 1) != 0) r *= b;
      b *= b;
    }
    return r;
  }

  @Override
  public String toString() {
    return mode == Mode.MID_SIDE ? "Centre[mid_side]"
        : String.format(Locale.ROOT, "Centre[soft, power=%s, n_fft=%d, hop_length=%d]", power, stft.n_fft(), stft.hop_length());
  }
}
