package io.themachine.audio.internal.cpu;

/**
 * Streaming polyphase resampler for one channel. The inner dot product is a {@link DotKernel}
 * (Vector API when available, else scalar; rows padded with zeros to {@link DotKernel#LANES}). Input arrives in blocks of
 * any size; memory stays bounded (one chunk plus the filter span) and nothing is allocated after
 * construction. Output is bit-identical to the whole-signal computation, because every output
 * sample is the same double-precision dot product over the same taps (zeros outside the signal),
 * whatever the block boundaries.
 *
 * <p>Output length is {@code ceil(L n / M)} for {@code n} input samples, as in torchaudio.
 *
 * <p>Coefficient table: {@code L x K} doubles when that is at most {@link #TABLE_LIMIT}; beyond
 * it (e.g. 16001 to 16000 Hz: L = 16000 phases) each output's taps are evaluated on the fly from
 * the design, which is slower but gives the same values as the table would.
 */
public final class PolyphaseResampler {
  /** Largest coefficient table built: 2^20 doubles (8 MiB). */
  public static final int TABLE_LIMIT = 1 << 20;

  private static final int CHUNK = 8192;

  private final PolyphaseDesign design;
  private final int up;
  private final int down;
  private final int taps; // design taps
  private final int span; // taps padded to the kernel's lanes
  private final DotKernel kernel;
  private final int[] first;
  private final int minFirst;
  private final double[] table; // null: on the fly
  private final double[] scratch;
  private final int tileBlocks;
  private final double[] buf;
  private long bufStart; // absolute input index of buf[0]
  private int bufLen;
  private long inCount;
  private long m; // output block index
  private int j; // output phase
  private long produced;
  private boolean flushed;

  public PolyphaseResampler(PolyphaseDesign design) {
    this(design, DotKernel.best());
  }

  public PolyphaseResampler(PolyphaseDesign design, DotKernel kernel) {
    this.design = design;
    this.kernel = kernel;
    this.up = design.up;
    this.down = design.down;
    this.taps = design.taps;
    this.span = Math.ceilDiv(taps, DotKernel.LANES) * DotKernel.LANES;
    this.first = design.firstOffset;
    int mf = Integer.MAX_VALUE;
    for (int f : first) mf = Math.min(mf, f);
    this.minFirst = mf;
    if ((long) up * span <= TABLE_LIMIT) {
      table = new double[up * span];
      for (int p = 0; p < up; p++) design.fill(p, table, p * span);
    } else {
      table = null;
    }
    scratch = new double[span];
    tileBlocks = Math.max(2, 3072 / down);
    // span of inputs one output block touches, plus a chunk, plus the leading zeros
    int lead = Math.max(0, -minFirst);
    long reach = (long) (first[up - 1] - minFirst) + span + down + lead;
    buf = new double[Math.toIntExact(CHUNK + reach + 2L * down + span)];
    reset();
  }

  /** Forgets all input: ready for a new signal. */
  public void reset() {
    int lead = Math.max(0, -minFirst);
    java.util.Arrays.fill(buf, 0.0);
    bufStart = -lead;
    bufLen = lead;
    inCount = 0;
    m = 0;
    j = 0;
    produced = 0;
    flushed = false;
  }

  public boolean tabled() {
    return table != null;
  }

  public PolyphaseDesign design() {
    return design;
  }

  /** Output length for {@code n} input samples: {@code ceil(L n / M)}. */
  public long outputLength(long n) {
    return Math.ceilDiv(Math.multiplyExact(n, (long) up), down);
  }

  /** An upper bound on what one {@link #process} call with {@code n} samples writes. */
  public int outputBound(int n) {
    return Math.toIntExact(Math.ceilDiv((long) n * up, down) + 2);
  }

  /** What {@link #flush} will write. */
  public int flushLength() {
    return Math.toIntExact(outputLength(inCount) - produced);
  }

  /**
   * Feeds {@code len} samples and writes every output they complete to {@code out[outOff..]};
   * returns how many. {@code out} needs {@link #outputBound(int) outputBound(len)} free slots.
   */
  public int process(float[] in, int off, int len, float[] out, int outOff) {
    if (flushed) throw new IllegalStateException("Resampler stream used after flush; call reset()");
    java.util.Objects.checkFromIndexSize(off, len, in.length);
    int w = 0;
    while (len > 0) {
      int n = Math.min(len, CHUNK);
      makeRoom(n);
      int base = bufLen;
      for (int i = 0; i < n; i++) {
        float v = in[off + i];
        if (!Float.isFinite(v)) {
          throw new IllegalArgumentException("Resampler.process: non-finite input sample (" + v
              + ") at index " + (inCount + i));
        }
        buf[base + i] = v;
      }
      bufLen += n;
      inCount += n;
      off += n;
      len -= n;
      w += produce(out, outOff + w, Long.MAX_VALUE);
    }
    return w;
  }

  /** Ends the signal (zeros after it) and writes the remaining {@link #flushLength()} outputs. */
  public int flush(float[] out, int outOff) {
    if (flushed) return 0;
    long total = outputLength(inCount);
    int w = 0;
    while (produced < total) {
      makeRoom(CHUNK);
      java.util.Arrays.fill(buf, bufLen, bufLen + CHUNK, 0.0);
      bufLen += CHUNK;
      w += produce(out, outOff + w, total);
    }
    flushed = true;
    return w;
  }

  private void makeRoom(int n) {
    if (bufLen + n <= buf.length) return;
    long keep = m * down + minFirst; // earliest input any pending output needs
    int drop = (int) Math.max(0, Math.min(bufLen, keep - bufStart));
    System.arraycopy(buf, drop, buf, 0, bufLen - drop);
    bufLen -= drop;
    bufStart += drop;
    if (bufLen + n > buf.length) throw new IllegalStateException("resampler buffer overflow");
  }

  private int produce(float[] out, int outOff, long limit) {
    int w = 0;
    final long avail = bufStart + bufLen;
    final double[] b = buf;
    while (produced < limit) {
      if (j == 0 && table != null) {
        // Tile: for each phase, the outputs of several blocks, so a coefficient row is read once
        // per tile from L1 instead of once per output from L2; the tile's input span (tile * M
        // doubles) stays near L1 size. Same dot products, same operands: same values.
        long fit = (avail - span - first[up - 1]) / down - m + 1; // whole blocks whose inputs are here
        long room = (limit - produced) / up;
        int tile = (int) Math.min(Math.min(fit, room), tileBlocks);
        if (tile >= 2) {
          for (int jj = 0; jj < up; jj++) {
            int row = jj * span;
            long s0 = m * down + first[jj] - bufStart;
            for (int t = 0; t < tile; t++) {
              out[outOff + w + t * up + jj] = (float) kernel.dot(table, row, b, (int) (s0 + (long) t * down), span);
            }
          }
          w += tile * up;
          produced += (long) tile * up;
          m += tile;
          continue;
        }
      }
      long start = m * down + first[j];
      if (start + span > avail) break;
      int p = (int) (start - bufStart);
      double y;
      if (table != null) {
        y = kernel.dot(table, j * span, b, p, span);
      } else {
        design.fill(j, scratch, 0);
        y = kernel.dot(scratch, 0, b, p, span);
      }
      out[outOff + w++] = (float) y;
      produced++;
      if (++j == up) {
        j = 0;
        m++;
      }
    }
    return w;
  }
}
