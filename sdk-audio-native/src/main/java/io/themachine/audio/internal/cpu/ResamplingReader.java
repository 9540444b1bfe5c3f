package io.themachine.audio.internal.cpu;

import io.themachine.audio.dsp.Resampler;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.ChannelLayout;

/**
 * An {@link AudioBlockReader} that resamples another one channel by channel as it is read:
 * bounded memory (one block per channel), no allocation per block. {@link #close()} closes the
 * wrapped reader.
 */
public final class ResamplingReader implements AudioBlockReader {
  private static final int BLOCK = 4096;

  private final AudioBlockReader in;
  private final int rate;
  private final Resampler.Stream[] streams;
  private final float[][] inBlock;
  private final float[][] pending;
  private int pendingFrom;
  private int pendingTo;
  private boolean ended;
  private long framesRead;

  public ResamplingReader(AudioBlockReader in, Resampler spec) {
    if (spec.fromRate() != in.sampleRate()) {
      throw new IllegalArgumentException("ResamplingReader: resampler is for " + spec.fromRate() + " Hz, input is " + in.sampleRate());
    }
    this.in = in;
    this.rate = spec.toRate();
    int ch = in.channels();
    streams = new Resampler.Stream[ch];
    for (int c = 0; c < ch; c++) streams[c] = spec.stream();
    inBlock = new float[ch][BLOCK];
    int cap = Math.max(streams[0].outputBound(BLOCK), streams[0].flushLength() + streams[0].outputBound(BLOCK)) + 16;
    pending = new float[ch][cap];
  }

  @Override
  public int sampleRate() {
    return rate;
  }

  @Override
  public ChannelLayout layout() {
    return in.layout();
  }

  @Override
  public int read(float[][] dst, int offset, int maxFrames) {
    while (pendingFrom == pendingTo) {
      if (ended) return -1;
      refill();
    }
    int n = Math.min(maxFrames, pendingTo - pendingFrom);
    for (int c = 0; c < dst.length && c < pending.length; c++) System.arraycopy(pending[c], pendingFrom, dst[c], offset, n);
    pendingFrom += n;
    framesRead += n;
    return n;
  }

  private void refill() {
    pendingFrom = 0;
    pendingTo = 0;
    int n = in.read(inBlock, 0, BLOCK);
    int w = 0;
    if (n > 0) {
      for (int c = 0; c < streams.length; c++) w = streams[c].process(inBlock[c], 0, n, pending[c], 0);
    } else {
      ensure(streams[0].flushLength());
      for (int c = 0; c < streams.length; c++) w = streams[c].flush(pending[c], 0);
      ended = true;
    }
    pendingTo = w;
  }

  private void ensure(int n) {
    if (pending[0].length >= n) return;
    for (int c = 0; c < pending.length; c++) pending[c] = new float[n]; // once, at the end of a huge-M stream
  }

  @Override
  public long framesRead() {
    return framesRead;
  }

  @Override
  public void close() {
    in.close();
  }
}
