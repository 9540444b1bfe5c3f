package io.themachine.audio.internal.cuda;

/**
 * How the CUDA loudness kernel cuts a channel into independent pieces, shared by the kernel's host
 * side and by {@link ChunkedKWeighting}, the CPU model the default test suite checks against the
 * serial filter.
 *
 * <p>The K-weighting cascade (BS.1770-4 Annex 1) is a recursion, so a chunk cannot start from the
 * true filter state. Instead chunk {@code j} covers frames {@code [j L, (j + 1) L)} with {@code L} a
 * whole number of 100 ms sub-blocks, and its thread starts filtering from zero state
 * {@link #warmUp()} frames earlier (or at frame 0). The difference from the serial filter is the
 * zero-input response to the state error, which decays as {@code n r^n} (the high-pass poles are a
 * near-double pair of radius {@code r}); the warm-up is the first multiple of 1,024 frames, at least
 * 8,192, with {@code n r^n < 1e-18}. At 44.1 and 48 kHz ({@code r = 0.99502}) that is 10,240 frames
 * (the pole term alone is below 1e-12 after about 5,500); at 96 kHz 21,504 and at 192 kHz 41,984,
 * because the poles move towards 1 as the rate grows.
 *
 * @param sub          frames per 100 ms sub-block, {@code (fs + 5) / 10} (libebur128's rounding)
 * @param subsPerChunk sub-blocks per chunk
 * @param warmUp       frames filtered before each chunk and discarded
 */
public record ChunkPlan(int sub, int subsPerChunk, int warmUp) {
  /** The smallest warm-up the scheme allows, whatever the rate. */
  public static final int MIN_WARM_UP = 8192;

  public ChunkPlan {
    if (sub < 1 || subsPerChunk < 1) throw new IllegalArgumentException("empty chunk");
    if (warmUp < MIN_WARM_UP) throw new IllegalArgumentException("warm-up below " + MIN_WARM_UP + ": " + warmUp);
  }

  /** The plan for {@code fs} and the cascade's coefficients {@code {b0, b1, b2, a1, a2, c1, c2}}. */
  public static ChunkPlan of(int fs, double[] coef, int subsPerChunk) {
    return new ChunkPlan((fs + 5) / 10, subsPerChunk, warmUpFrames(coef));
  }

  public int chunkFrames() {
    return sub * subsPerChunk;
  }

  /** Chunks for a channel of {@code frames} frames (a partial last chunk counts). */
  public long chunks(long frames) {
    return frames <= 0 ? 0 : (frames + chunkFrames() - 1) / chunkFrames();
  }

  /** Sub-blocks including a partial last one: the kernel writes one energy for each. */
  public long subBlocksWithTail(long frames) {
    return frames <= 0 ? 0 : (frames + sub - 1) / sub;
  }

  /** Warm-up frames for a cascade: see the class comment. */
  public static int warmUpFrames(double[] coef) {
    double r = Math.max(poleRadius(coef[3], coef[4]), poleRadius(coef[5], coef[6]));
    if (!(r < 1.0)) throw new IllegalArgumentException("unstable filter: pole radius " + r);
    int w = MIN_WARM_UP;
    while (w < (1 << 24) && Math.log(w) + w * Math.log(r) > Math.log(1e-18)) w += 1024;
    return w;
  }

  /** Largest pole radius of {@code 1 + a1 z^-1 + a2 z^-2}. */
  static double poleRadius(double a1, double a2) {
    double disc = a1 * a1 - 4 * a2;
    if (disc < 0) return Math.sqrt(a2); // complex pair: |p|^2 = a2
    double s = Math.sqrt(disc);
    return Math.max(Math.abs((-a1 + s) / 2), Math.abs((-a1 - s) / 2));
  }
}
