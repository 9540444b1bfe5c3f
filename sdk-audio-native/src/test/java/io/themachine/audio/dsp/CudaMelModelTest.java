package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.internal.cuda.CudaFeatures;
import io.themachine.audio.internal.cuda.MelParams;
import io.themachine.audio.internal.cuda.SparseBands;
import org.junit.jupiter.api.Test;

/**
 * The CUDA log-mel path with the device replaced by a Java mirror of its kernels ({@code mel_frames}
 * indexing: centring, constant and reflect padding, the window centred in n_fft; an exact DFT in
 * place of cuFFT; {@code mel_bands}' sparse bands and dB), in the default suite, against the
 * librosa and torchaudio anchors with C's tolerances. It checks what the device cannot get wrong
 * on its own: the parameters {@link CudaFeatures#params} derives from the presets and the kernels'
 * index arithmetic.
 */
class CudaMelModelTest {
  /** mel_frames for clip {@code x}, frame {@code t}. */
  static float[] frame(float[] x, MelParams p, int t) {
    float[] out = new float[p.nFft()];
    long first = (long) t * p.hop() - (p.center() ? p.nFft() / 2 : 0);
    long n = x.length;
    for (int k = 0; k < p.nFft(); k++) {
      long i = first + k;
      float v;
      if (i >= 0 && i < n) v = x[(int) i];
      else if (p.reflect() && n > 1) {
        long j = i < 0 ? -i : i;
        if (j >= n) j = 2 * (n - 1) - j;
        v = x[(int) j];
      } else v = 0f;
      out[k] = v * p.window()[k];
    }
    return out;
  }

  static FeatureMatrix model(float[] x, MelParams p) {
    int frames = p.frames(x.length), bins = p.bins();
    SparseBands sb = SparseBands.of(p.filterBank(), p.nMels(), bins);
    float[] out = new float[p.nMels() * frames];
    double[] cos = new double[p.nFft()], sin = new double[p.nFft()];
    for (int j = 0; j < p.nFft(); j++) {
      cos[j] = Math.cos(2 * Math.PI * j / p.nFft());
      sin[j] = Math.sin(2 * Math.PI * j / p.nFft());
    }
    float[] power = new float[bins];
    double[] mel = new double[p.nMels()];
    for (int t = 0; t < frames; t++) {
      float[] f = frame(x, p, t);
      for (int k = 0; k < bins; k++) {
        double re = 0, im = 0;
        for (int j = 0; j < p.nFft(); j++) {
          int a = (int) ((long) k * j % p.nFft());
          re += f[j] * cos[a];
          im -= f[j] * sin[a];
        }
        float fr = (float) re, fi = (float) im;
        power[k] = fr * fr + fi * fi;
      }
      sb.apply(power, mel);
      for (int m = 0; m < p.nMels(); m++) {
        float v = (float) mel[m];
        if (p.log() == MelParams.Log.DB) v = (float) (10.0 * Math.log10(Math.max(v, p.amin()))) - (float) (10.0 * Math.log10(Math.max(p.amin(), p.ref())));
        out[m * frames + t] = v;
      }
    }
    if (p.log() == MelParams.Log.DB && !Float.isNaN(p.topDb())) {
      float max = Float.NEGATIVE_INFINITY;
      for (float v : out) max = Math.max(max, v);
      for (int i = 0; i < out.length; i++) out[i] = Math.max(out[i], max - p.topDb());
    }
    return new FeatureMatrix(p.nMels(), frames, out);
  }

  @Test
  void librosaPreset_model_matchesLibrosaMel() {
    MelParams p = CudaFeatures.params(MelSpec.librosa(22050), MelParams.Log.NONE, null);
    assertThat(p.reflect()).isFalse();
    FeatureMatrix mel = model(Anchors.parity(), p);
    assertThat(mel.frames()).isEqualTo(87);
    assertThat(Anchors.maxRelative(Anchors.csv("librosa_melspectrogram_slaney_constant.csv"), mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void torchaudioPreset_model_reflectPadding_matchesTorchaudioMel() {
    MelParams p = CudaFeatures.params(MelSpec.torchaudio(22050).n_fft(2048).hop_length(512), MelParams.Log.NONE, null);
    assertThat(p.reflect()).isTrue();
    FeatureMatrix mel = model(Anchors.parity(), p);
    assertThat(Anchors.maxRelative(Anchors.csv("torchaudio_melspectrogram_htk_reflect.csv"), mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void powerToDb_model_matchesLibrosaWithinOneMilliDb() {
    MelParams p = CudaFeatures.params(MelSpec.librosa(22050), MelParams.Log.DB, Decibels.power());
    FeatureMatrix db = model(Anchors.parity(), p);
    assertThat(Anchors.maxAbsolute(Anchors.csv("librosa_melspectrogram_db.csv"), db, 0, 128)).isLessThan(1e-3);
  }

  @Test
  void shortWindow_isCentredInNfft_likeTorchStft() {
    MelParams p = CudaFeatures.params(MelSpec.torchaudio(16000), MelParams.Log.NONE, null); // n_fft 400, win 400
    assertThat(p.window()[0]).isZero();
    MelParams q = CudaFeatures.params(MelSpec.librosa(16000).n_fft(512).win_length(400), MelParams.Log.NONE, null);
    assertThat(q.window()).hasSize(512);
    for (int i = 0; i < 56; i++) assertThat(q.window()[i]).isZero();
    assertThat(q.window()[56 + 200]).isEqualTo(1.0f); // periodic Hann peak at win/2
  }
}
