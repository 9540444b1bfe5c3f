package io.themachine.audio.extensions;

import io.themachine.audio.dsp.FrameFeatures;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;

/** Parameters of {@code features.frame} (librosa conventions), named as librosa names them. */
public record FrameParams(
    @Param("analysis rate in Hz; 0 keeps the recording's own rate") int sample_rate,
    @Param("FFT and frame size in samples") int n_fft,
    @Param("samples between frames") int hop_length,
    @Param("mel bands of the onset-strength envelope") int n_mels,
    @Param("fraction of the spectral magnitude below the rolloff frequency") double roll_percent) {

  public static final FrameParams DEFAULTS = new FrameParams(0, 2048, 512, 128, 0.85);

  public FrameParams {
    if (sample_rate < 0 || sample_rate > 768_000) throw new ParamException("sample_rate", "must be 0 (recording's rate) or 1..768000 Hz");
    if (n_fft < 256 || n_fft > 1 << 16) throw new ParamException("n_fft", "must be 256..65536");
    if (hop_length < 1) throw new ParamException("hop_length", "must be positive");
    if (n_mels < 1 || n_mels > 1024) throw new ParamException("n_mels", "must be 1..1024");
    if (!(roll_percent > 0 && roll_percent < 1)) throw new ParamException("roll_percent", "must be between 0 and 1");
  }

  public FrameFeatures resolve(int rate) {
    if (rate < 12800) throw new ParamException("sample_rate", "frame features need at least 12800 Hz (contrast bands reach 6400 Hz)");
    return new FrameFeatures(rate, n_fft, hop_length, io.themachine.audio.dsp.PadMode.CONSTANT, roll_percent, n_mels, 12, 6, 200.0, 0.02);
  }
}
