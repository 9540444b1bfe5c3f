package io.themachine.audio.internal.torch;

import io.themachine.audio.separation.ModelCard.Fade;
import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.StemSink;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * The runner's engine: streams a mixture (model rate, model channels) through a {@link ChunkModel}
 * in fixed-length chunks and pushes finished stem samples to a {@link StemSink}, holding only a few
 * chunks' worth of audio whatever the input's length. Python's twin is {@code separate()} in
 * {@code make_fixtures.py} (test resources); keep the two in step.
 *
 * <p>Per run (Demucs' {@code apply_model}, {@code split=True}):
 * <ol>
 *   <li>Normalise (optional): {@code x = (x - mean) / (std + 1e-8)} with the mean and unbiased
 *       standard deviation of the mono mix over the whole input (given by the caller).
 *   <li>Chunks start at {@code 0, stride, 2 stride, ..} while below the input length,
 *       {@code stride = max(1, floor(segment (1 - overlap)))}. Chunk {@code k} feeds the graph
 *       samples {@code [o_k - context, o_k + segment + context)}: neighbouring audio as context,
 *       zeros only beyond the signal's ends. Up to {@code batch} chunks go in one forward call.
 *   <li>Of each chunk's output only the middle {@code segment} samples are kept, multiplied by the
 *       fade, summed into place; the sum is divided by the summed fades (so any fade works).
 *   <li>Shifts ({@code shifts > 0}): steps 2-3 run on the input delayed by
 *       {@code d = m - u} zeros, {@code m = sample_rate / 2}, {@code u} uniform in {@code 0..m} from
 *       SplitMix64 ({@code next() mod (m + 1)}, unsigned), the first {@code d} output samples
 *       dropped; the runs are averaged.
 *   <li>Stems are scaled back ({@code y std + mean}); the residual, when asked for, is
 *       {@code mix - sum(stems)}; each stem gets its gain (RESCALE's second pass) and is clamped
 *       when asked.
 * </ol>
 * All lanes (one per shift) see the same input blocks and run in lock step; finished samples wait
 * in per-lane FIFOs until every lane has them. Memory: per lane, {@code (batch - 1) stride +
 * segment + 2 context} input samples and {@code batch stride + segment} accumulator samples per stem
 * and channel, plus FIFOs of at most {@code sample_rate / 2 + batch stride + segment} frames.
 */
public final class ChunkedSeparator {
  private static final int BLOCK = 4096;

  private final ChunkModel model;
  private final int channels, stems, segment, context, stride, batch, outStems;
  private final double[] fade;
  private final double mean, std;
  private final boolean residual, clamp;
  private final float[] gains;
  private final StemSink sink;
  private final Lane[] lanes;
  private final FloatFifo raw; // the unnormalised mixture, for the residual
  private float[][] normBlock;
  private final float[][][] outBlock;
  private final double[][][] avg;
  private long fed;
  private long delivered;
  private long chunks;
  private long calls;
  private boolean finished;

  /**
   * @param gains per output stem (stems, then the residual), applied before clamping; null: all 1
   */
  public ChunkedSeparator(ChunkModel model, int sampleRate, int channels, int stems, int segment, int context,
      double overlap, Fade fade, int batch, int shifts, long seed, double mean, double std, boolean residual,
      boolean clamp, float[] gains, StemSink sink) {
    if (model.length() != segment + 2 * context) {
      throw new ModelException("separate: segment + 2 context must be the graph's chunk length " + model.length());
    }
    this.model = model;
    this.channels = channels;
    this.stems = stems;
    this.segment = segment;
    this.context = context;
    this.stride = Math.max(1, (int) (segment * (1 - overlap)));
    this.batch = batch;
    this.fade = weights(fade, segment);
    this.mean = mean;
    this.std = std;
    this.residual = residual;
    this.clamp = clamp;
    this.outStems = stems + (residual ? 1 : 0);
    this.gains = gains;
    this.sink = sink;
    int n = Math.max(1, shifts);
    lanes = new Lane[n];
    SplitMix64 rng = new SplitMix64(seed);
    int maxShift = sampleRate / 2;
    for (int i = 0; i < n; i++) {
      int delay = shifts == 0 ? 0 : (int) (maxShift - Long.remainderUnsigned(rng.next(), maxShift + 1L));
      lanes[i] = new Lane(delay);
    }
    raw = new FloatFifo(channels, BLOCK * 4);
    normBlock = new float[channels][BLOCK];
    outBlock = new float[outStems][channels][BLOCK];
    avg = new double[stems][channels][BLOCK];
  }

  /** The overlap-add weights; see {@link Fade}. */
  static double[] weights(Fade fade, int n) {
    double[] w = new double[n];
    switch (fade) {
      case TRIANGLE -> {
        int half = n / 2;
        double max = Math.max(half, n - half); // Demucs: cat(arange(1, n/2 + 1), arange(n - n/2, 0, -1)) / max
        for (int i = 0; i < n; i++) w[i] = (i < half ? i + 1 : n - i) / max;
      }
      case HANN -> {
        for (int i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos(2 * Math.PI * (i + 0.5) / n);
      }
      case RECTANGLE -> Arrays.fill(w, 1.0);
    }
    return w;
  }

  /** The delays of the shifted runs, in samples (for tests and reports). */
  public int[] delays() {
    int[] d = new int[lanes.length];
    for (int i = 0; i < d.length; i++) d[i] = lanes[i].delay;
    return d;
  }

  public long chunks() {
    return chunks;
  }

  public long calls() {
    return calls;
  }

  public long delivered() {
    return delivered;
  }

  /** Feeds {@code n} frames of {@code block[c][off ..]} (model rate and channels, unnormalised). */
  public void feed(float[][] block, int off, int n) {
    if (finished) throw new IllegalStateException("ChunkedSeparator: feed after finish");
    for (int done = 0; done < n; ) {
      int k = Math.min(BLOCK, n - done);
      for (int c = 0; c < channels; c++) {
        float[] src = block[c];
        float[] dst = normBlock[c];
        for (int i = 0; i < k; i++) {
          float v = src[off + done + i];
          if (!Float.isFinite(v)) {
            throw new ModelException("separate: input sample is NaN or infinite (channel " + c + ", frame " + (fed + done + i) + ")");
          }
          dst[i] = (float) ((v - mean) / std);
        }
      }
      raw.push(block, off + done, k);
      for (Lane lane : lanes) lane.feed(normBlock, k);
      done += k;
      fed += k;
      drain();
    }
  }

  /** Ends the input: runs the remaining chunks and delivers every remaining frame. */
  public void finish() {
    if (finished) return;
    finished = true;
    for (Lane lane : lanes) lane.finish(fed + lane.delay);
    drain();
    if (delivered != fed) throw new IllegalStateException("ChunkedSeparator: delivered " + delivered + " of " + fed);
  }

  // Delivers the frames every lane has finished: averaged, scaled back, residual, gains, clamp.
  private void drain() {
    while (true) {
      int k = BLOCK;
      for (Lane lane : lanes) k = Math.min(k, lane.fifo.size());
      if (k == 0) return;
      for (int s = 0; s < stems; s++) for (int c = 0; c < channels; c++) Arrays.fill(avg[s][c], 0, k, 0);
      for (Lane lane : lanes) lane.fifo.addTo(avg, k);
      double inv = 1.0 / lanes.length;
      for (int c = 0; c < channels; c++) {
        float[] mix = raw.channel(c);
        int h = raw.head();
        for (int i = 0; i < k; i++) {
          double sum = 0;
          for (int s = 0; s < stems; s++) {
            double v = avg[s][c][i] * inv * std + mean;
            sum += v;
            outBlock[s][c][i] = (float) v;
          }
          if (residual) outBlock[stems][c][i] = (float) (mix[h + i] - sum);
        }
      }
      for (Lane lane : lanes) lane.fifo.drop(k);
      raw.drop(k);
      if (gains != null || clamp) {
        for (int s = 0; s < outStems; s++) {
          float g = gains == null ? 1f : gains[s];
          for (int c = 0; c < channels; c++) {
            float[] o = outBlock[s][c];
            for (int i = 0; i < k; i++) {
              float v = o[i] * g;
              o[i] = clamp ? Math.max(-1f, Math.min(1f, v)) : v;
            }
          }
        }
      }
      sink.accept(outBlock, k);
      delivered += k;
    }
  }

  /** One run of the chunked model, on the input delayed by {@code delay} samples. */
  private final class Lane {
    final int delay;
    final float[][] in; // samples [inBase, inEnd) of the delayed, normalised input
    long inBase, inEnd;
    final double[][][] acc; // [stems][channels][pos - accBase]
    final double[] wsum;
    long accBase; // == emitted: everything below has gone to the FIFO
    long next; // the next chunk's offset
    final FloatFifo fifo;

    Lane(int delay) {
      this.delay = delay;
      int cap = (batch - 1) * stride + segment + 2 * context + BLOCK;
      in = new float[channels][cap];
      int accLen = batch * stride + segment;
      acc = new double[stems][channels][accLen];
      wsum = new double[accLen];
      fifo = new FloatFifo(stems * channels, BLOCK * 4);
      inEnd = delay; // the delay's zeros (the arrays start zeroed; delay may exceed cap: handled below)
      if (delay > cap - BLOCK) {
        // Keep only what the first chunk can see; the rest of the leading zeros are implied.
        inBase = Math.max(0, delay - (cap - BLOCK));
      }
    }

    void feed(float[][] block, int n) {
      compact();
      for (int c = 0; c < channels; c++) System.arraycopy(block[c], 0, in[c], (int) (inEnd - inBase), n);
      inEnd += n;
      long need;
      while (inEnd >= (need = next + (long) (batch - 1) * stride + segment + context)) {
        run(batch, Long.MAX_VALUE);
        emit(next);
        compact();
      }
    }

    void finish(long total) {
      while (next < total) {
        int nb = (int) Math.min(batch, Math.ceilDiv(total - next, stride));
        run(nb, total);
        emit(Math.min(next, total));
      }
      emit(total);
    }

    // Drops input below next - context (no later chunk reads it).
    private void compact() {
      long keep = Math.max(inBase, next - context);
      int shift = (int) (keep - inBase);
      if (shift > 0) {
        int live = (int) (inEnd - keep);
        for (int c = 0; c < channels; c++) {
          System.arraycopy(in[c], shift, in[c], 0, live);
          Arrays.fill(in[c], live, live + shift, 0f);
        }
        inBase = keep;
      }
    }

    private void run(int nb, long total) {
      int l = model.length();
      MemorySegment x = model.input(nb);
      for (int j = 0; j < nb; j++) {
        long start = next + (long) j * stride - context;
        for (int c = 0; c < channels; c++) {
          long dst = ((long) j * channels + c) * l;
          // [start, start + l) against the samples held, [max(inBase, 0), min(inEnd, total))
          long lo = Math.max(start, inBase), hi = Math.min(start + l, Math.min(inEnd, total));
          if (lo > start) x.asSlice(dst * Float.BYTES, (Math.min(lo, start + l) - start) * Float.BYTES).fill((byte) 0);
          if (hi > lo) {
            MemorySegment.copy(in[c], (int) (lo - inBase), x, ValueLayout.JAVA_FLOAT, (dst + lo - start) * Float.BYTES, (int) (hi - lo));
          }
          long tail = Math.max(lo, hi);
          if (tail < start + l) x.asSlice((dst + tail - start) * Float.BYTES, (start + l - tail) * Float.BYTES).fill((byte) 0);
        }
      }
      MemorySegment y = model.run(nb);
      calls++;
      chunks += nb;
      for (int j = 0; j < nb; j++) {
        int at = (int) (next + (long) j * stride - accBase);
        for (int i = 0; i < segment; i++) wsum[at + i] += fade[i];
        for (int s = 0; s < stems; s++) {
          for (int c = 0; c < channels; c++) {
            double[] a = acc[s][c];
            long src = (((long) j * stems + s) * channels + c) * l + context;
            for (int i = 0; i < segment; i++) a[at + i] += fade[i] * y.getAtIndex(ValueLayout.JAVA_FLOAT, src + i);
          }
        }
      }
      next += (long) nb * stride;
    }

    // Moves [accBase, upTo) to the FIFO (dropping the delay's first samples) and slides the accumulators.
    private void emit(long upTo) {
      int n = (int) (upTo - accBase);
      if (n <= 0) return;
      int skip = (int) Math.max(0, Math.min(n, delay - accBase));
      fifo.pushDivided(acc, wsum, skip, n - skip, stems, channels);
      int live = acc[0][0].length - n;
      for (int s = 0; s < stems; s++) {
        for (int c = 0; c < channels; c++) {
          double[] a = acc[s][c];
          System.arraycopy(a, n, a, 0, live);
          Arrays.fill(a, live, a.length, 0);
        }
      }
      System.arraycopy(wsum, n, wsum, 0, live);
      Arrays.fill(wsum, live, wsum.length, 0);
      accBase = upTo;
    }
  }

  /** SplitMix64 (Steele, Lea, Flood 2014), the shifts' generator; the Python twin is identical. */
  static final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
      state = seed;
    }

    long next() {
      long z = (state += 0x9E3779B97F4A7C15L);
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }

  /** A growable FIFO of float rows (one per stem and channel, or per channel). */
  static final class FloatFifo {
    private float[][] rows;
    private int head, tail;

    FloatFifo(int rows, int cap) {
      this.rows = new float[rows][cap];
    }

    int size() {
      return tail - head;
    }

    int head() {
      return head;
    }

    float[] channel(int r) {
      return rows[r];
    }

    private void room(int n) {
      if (tail + n <= rows[0].length) return;
      int size = tail - head;
      if (size + n <= rows[0].length / 2) { // slide
        for (float[] r : rows) System.arraycopy(r, head, r, 0, size);
      } else { // grow (bounded by the lanes' lag, see the class doc)
        int cap = Math.max(rows[0].length * 2, size + n);
        for (int i = 0; i < rows.length; i++) {
          float[] r = new float[cap];
          System.arraycopy(rows[i], head, r, 0, size);
          rows[i] = r;
        }
      }
      head = 0;
      tail = size;
    }

    void push(float[][] src, int off, int n) {
      room(n);
      for (int r = 0; r < rows.length; r++) System.arraycopy(src[r], off, rows[r], tail, n);
      tail += n;
    }

    void pushDivided(double[][][] acc, double[] wsum, int from, int n, int stems, int channels) {
      if (n <= 0) return;
      room(n);
      for (int s = 0; s < stems; s++) {
        for (int c = 0; c < channels; c++) {
          double[] a = acc[s][c];
          float[] r = rows[s * channels + c];
          for (int i = 0; i < n; i++) r[tail + i] = (float) (a[from + i] / wsum[from + i]);
        }
      }
      tail += n;
    }

    void addTo(double[][][] sum, int n) {
      int channels = sum[0].length;
      for (int s = 0; s < sum.length; s++) {
        for (int c = 0; c < channels; c++) {
          float[] r = rows[s * channels + c];
          double[] d = sum[s][c];
          for (int i = 0; i < n; i++) d[i] += r[head + i];
        }
      }
    }

    void drop(int n) {
      head += n;
      if (head == tail) head = tail = 0;
    }
  }
}
