package io.themachine.audio.internal.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_get_out_samples;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Streams one input as planar float32 through swresample ({@code SwrContext}), which converts any
 * sample format, and resamples or remixes when asked. Owns its {@link FfmpegInput}, the
 * {@code SwrContext} and the native output planes; {@link #close()} frees them once.
 *
 * <p>Memory is bounded by one decoded frame (the codec's frame size, times the rate ratio), never by
 * the file or its header. Non-finite samples are counted as they pass; the first block holding any
 * fails with {@link Reason#NON_FINITE} unless the reader was opened to count them only.
 */
final class FfmpegReader implements AudioBlockReader {
  private final FfmpegInput input;
  private final String subject;
  private final int outRate;
  private final ChannelLayout outLayout;
  private final AVChannelLayout outAvLayout;
  private final boolean failOnNonFinite;
  private SwrContext swr;
  private int inRate, inFormat, inChannels;
  private PointerPointer<FloatPointer> outPlanes;
  private FloatPointer[] planes;
  private int planeCapacity;
  private float[][] pending;
  private int pendingOff, pendingLen;
  private boolean flushed;
  private boolean closed;
  private long framesRead;
  private long nonFinite;

  /**
   * @param rate   output rate, or 0 for the source's
   * @param layout output layout, or null for the source's
   */
  FfmpegReader(FfmpegInput input, int rate, ChannelLayout layout, boolean failOnNonFinite) {
    this.input = input;
    this.subject = input.subject();
    this.failOnNonFinite = failOnNonFinite;
    try {
      this.outRate = rate > 0 ? rate : input.sampleRate();
      if (outRate < FfmpegInput.MIN_RATE || outRate > FfmpegInput.MAX_RATE) {
        throw new MediaException(Reason.UNSUPPORTED, "requested sample rate " + rate + " Hz is out of range, " + subject);
      }
      this.outLayout = layout != null ? layout : input.layout();
      this.outAvLayout = FfmpegLayouts.toAv(outLayout, input.decoder().ch_layout(), subject);
      this.pending = new float[outLayout.channels()][0];
    } catch (RuntimeException | Error e) {
      input.close();
      throw e;
    }
  }

  @Override
  public int sampleRate() {
    return outRate;
  }

  @Override
  public ChannelLayout layout() {
    return outLayout;
  }

  @Override
  public long framesRead() {
    return framesRead;
  }

  /** NaN and infinite samples seen so far. */
  long nonFiniteSamples() {
    return nonFinite;
  }

  boolean damaged() {
    return input.damaged();
  }

  @Override
  public int read(float[][] dst, int offset, int maxFrames) {
    if (closed) throw new IllegalStateException("AudioBlockReader used after close");
    if (maxFrames <= 0) return 0;
    while (pendingLen == 0) {
      if (!refill()) return -1;
    }
    int n = Math.min(maxFrames, pendingLen);
    for (int c = 0; c < pending.length; c++) System.arraycopy(pending[c], pendingOff, dst[c], offset, n);
    pendingOff += n;
    pendingLen -= n;
    framesRead += n;
    return n;
  }

  /** Decodes and converts one more frame into {@code pending}; false at the end. */
  private boolean refill() {
    if (flushed) return false;
    AVFrame f = input.nextFrame();
    int got;
    if (f == null) {
      flushed = true;
      if (swr == null) {
        if (input.framesDecoded() == 0) {
          throw new MediaException(input.damaged() ? Reason.CORRUPT : Reason.EMPTY,
              "avcodec_receive_frame: decoding produced no audio frames, " + subject);
        }
        return false;
      }
      ensureCapacity(swr_get_out_samples(swr, 0));
      got = swr_convert(swr, outPlanes, planeCapacity, (PointerPointer<?>) null, 0);
    } else {
      configure(f);
      ensureCapacity(swr_get_out_samples(swr, f.nb_samples()));
      got = swr_convert(swr, outPlanes, planeCapacity, f.extended_data(), f.nb_samples());
    }
    if (got < 0) throw AvError.error(Reason.CORRUPT, "swr_convert", got, subject);
    if (pending[0].length < got) {
      for (int c = 0; c < pending.length; c++) pending[c] = new float[Math.max(got, 4096)];
    }
    long bad = 0;
    for (int c = 0; c < pending.length; c++) {
      float[] p = pending[c];
      planes[c].get(p, 0, got);
      for (int i = 0; i < got; i++) if (!Float.isFinite(p[i])) bad++;
    }
    pendingOff = 0;
    pendingLen = got;
    if (bad > 0) {
      nonFinite += bad;
      if (failOnNonFinite) {
        pendingLen = 0;
        throw new MediaException(Reason.NON_FINITE, bad + " NaN or infinite samples near frame "
            + (framesRead + got) + " (" + nonFinite + " so far), " + subject);
      }
    }
    return true;
  }

  private void configure(AVFrame f) {
    int ch = f.ch_layout().nb_channels();
    if (swr != null) {
      if (f.sample_rate() != inRate || f.format() != inFormat || ch != inChannels) {
        throw new MediaException(Reason.UNSUPPORTED,
            "stream changes sample rate, format or channel count mid-stream, " + subject);
      }
      return;
    }
    SwrContext s = new SwrContext(null);
    int r = swr_alloc_set_opts2(s, outAvLayout, AV_SAMPLE_FMT_FLTP, outRate, f.ch_layout(), f.format(), f.sample_rate(), 0, null);
    if (r < 0) {
      if (!s.isNull()) swr_free(s);
      throw AvError.error(Reason.UNSUPPORTED, "swr_alloc_set_opts2", r, subject);
    }
    swr = s;
    r = swr_init(swr);
    if (r < 0) throw AvError.error(Reason.UNSUPPORTED, "swr_init", r, subject);
    inRate = f.sample_rate();
    inFormat = f.format();
    inChannels = ch;
  }

  private void ensureCapacity(int samples) {
    if (samples < 0) throw AvError.error(Reason.CORRUPT, "swr_get_out_samples", samples, subject);
    if (planes != null && samples <= planeCapacity) return;
    freePlanes();
    int cap = Math.max(samples, 4096);
    int ch = outLayout.channels();
    planes = new FloatPointer[ch];
    outPlanes = new PointerPointer<>(ch);
    for (int c = 0; c < ch; c++) {
      planes[c] = new FloatPointer(cap);
      outPlanes.put(c, planes[c]);
    }
    planeCapacity = cap;
  }

  private void freePlanes() {
    if (planes != null) {
      for (FloatPointer p : planes) p.close();
      planes = null;
    }
    if (outPlanes != null) {
      outPlanes.close();
      outPlanes = null;
    }
    planeCapacity = 0;
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      if (swr != null) {
        swr_free(swr);
        swr = null;
      }
      freePlanes();
      av_channel_layout_uninit(outAvLayout);
      outAvLayout.close();
    } finally {
      input.close();
    }
  }
}
