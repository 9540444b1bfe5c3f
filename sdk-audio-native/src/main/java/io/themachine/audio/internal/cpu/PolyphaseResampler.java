package io.themachine.audio.internal.cpu;

/**
 * Streaming polyphase resampler for one channel. Input arrives in blocks of any size; memory stays
 * bounded (one chunk, one tile and the filter span) and nothing is allocated after construction.
 * Output is bit-identical to the whole-signal computation, because every output sample is the
 * same dot product over the same taps in the same order (zeros outside the signal), whatever the
 * block boundaries.
 *
 * <p>Two engines. Usually {@link PolyphaseBlocks} (Vector API across output blocks, float or
 * double as asked): outputs come in tiles of {@link PolyphaseBlocks#BLOCKS} whole blocks of
 * {@code L} outputs, so they lag the input by up to one tile ({@code BLOCKS M} samples) until
 * {@link #flush}. For designs with many phases or a long input stride ({@code M > }
 * {@link #TILE_MAX_DOWN}) each output is a {@link DotKernel} dot product in double, written as
 * soon as its inputs are in.
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
  /** Largest input stride {@code M} the tile engine takes (its tile spans {@code BLOCKS M} inputs). */
  public static final int TILE_MAX_DOWN = 2048;

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
  private final PolyphaseBlocks tiles; // null: per-output dot products
  private final int tileFirst; // design's smallest first offset
  private final double[] buf;
  private long bufStart; // absolute input index of buf[0]
  private int bufLen;
  private long inCount;
  private long m; // output block index
  private int j; // output phase
  private long produced;
  private boolean flushed;

  /** Double-precision accumulation, best kernels. */
  public PolyphaseResampler(PolyphaseDesign design) {
    this(design, false);
  }

  /** {@code single}: float32 taps and accumulation in the tile engine (the dot-product engine stays double). */
  public PolyphaseResampler(PolyphaseDesign design, boolean single) {
    this(design, DotKernel.best(), tileable(design) ? PolyphaseBlocks.best(design, single) : null);
  }

  /** Per-output dot products only, with this kernel. */
  public PolyphaseResampler(PolyphaseDesign design, DotKernel kernel) {
    this(design, kernel, null);
  }

  /** Whether the tile engine takes this design (table small enough, stride short enough). */
  public static boolean tileable(PolyphaseDesign d) {
    return d.down <= TILE_MAX_DOWN && (long) d.up * d.taps <= TABLE_LIMIT;
  }

  /** {@code tiles}: the tile engine for {@code design}, or null for per-output dot products. */
  public PolyphaseResampler(PolyphaseDesign design, DotKernel kernel, PolyphaseBlocks tiles) {
    this.design = design;
    this.tiles = tiles;
    this.kernel = kernel;
    this.up = design.up;
    this.down = design.down;
    this.taps = design.taps;
    this.span = Math.ceilDiv(taps, DotKernel.LANES) * DotKernel.LANES;
    this.first = design.firstOffset;
    int mf = Integer.MAX_VALUE;
    for (int f : first) mf = Math.min(mf, f);
    this.minFirst = mf;
    this.tileFirst = mf;
    if (tiles == null && (long) up * span <= TABLE_LIMIT) {
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
    long tileSpan = tiles == null ? 0 : (long) (PolyphaseBlocks.BLOCKS + 1) * down + tiles.reach();
    // the tile engine keeps up to one tile of input pending; room for 8 chunks more makes the
    // shift in makeRoom rare (it copies everything still pending)
    buf = new double[Math.toIntExact((tiles == null ? 1 : 4) * CHUNK + reach + tileSpan + 2L * down + span)];
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
    return table != null || tiles != null;
  }

  /** The tile engine, or null. */
  public PolyphaseBlocks tiles() {
    return tiles;
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
    if (tiles != null) {
      // fewer than BLOCKS complete blocks wait; n samples complete at most ceil(n / M) + 1 more
      return Math.toIntExact(((long) PolyphaseBlocks.BLOCKS + Math.ceilDiv(n, down)) * up);
    }
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

  /**
   * Whole tiles of {@link PolyphaseBlocks#BLOCKS} blocks while streaming; at the end ({@code limit}
   * finite, zeros appended) shorter tiles, the last one cut at {@code limit}.
   */
  private int produceTiles(float[] out, int outOff, long limit) {
    int w = 0;
    final long avail = bufStart + bufLen;
    final int reach = tiles.reach();
    while (produced < limit) {
      long fit = Math.floorDiv(avail - tileFirst - reach, down) - m + 1; // blocks whose inputs are all here
      int blocks;
      if (limit == Long.MAX_VALUE) {
        if (fit < PolyphaseBlocks.BLOCKS) break;
        blocks = PolyphaseBlocks.BLOCKS;
      } else {
        blocks = (int) Math.min(PolyphaseBlocks.BLOCKS, Math.min(fit, Math.ceilDiv(limit - produced, up)));
        if (blocks <= 0) break;
      }
      int count = (int) Math.min((long) blocks * up, limit - produced);
      tiles.blocks(buf, (int) (m * down + tileFirst - bufStart), blocks, out, outOff + w, count);
      w += count;
      produced += count;
      m += blocks;
    }
    return w;
  }

  private int produce(float[] out, int outOff, long limit) {
    if (tiles != null) return produceTiles(out, outOff, limit);
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
