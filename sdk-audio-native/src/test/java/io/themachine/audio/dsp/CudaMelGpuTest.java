package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.internal.cuda.Cuda;
import io.themachine.audio.internal.cuda.CudaFeatures;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA log-mel / MFCC batch against the librosa 0.11 and torchaudio anchors, with C's
 * tolerances (mel power 1e-4 relative above 1e-6 of the maximum; dB and MFCC 1e-3 absolute), and
 * against the CPU reference ({@link MelSpec}, {@link Mfcc}) on a batch of clips of different lengths.
 */
@Tag("gpu")
class CudaMelGpuTest {
  @BeforeEach
  void gpu() {
    var a = Cuda.cufftAvailability();
    if (!a.available()) System.out.println("GPU test skipped: " + a.reason());
    assumeTrue(a.available(), () -> "CUDA/cuFFT unavailable: " + a.reason());
  }

  @Test
  void librosaPreset_paritySignal_matchesLibrosaMel() {
    FeatureMatrix mel = CudaFeatures.mel(MelSpec.librosa(22050), List.of(Anchors.parity())).get(0);
    assertThat(mel.rows()).isEqualTo(128);
    assertThat(mel.frames()).isEqualTo(87);
    assertThat(Anchors.maxRelative(Anchors.csv("librosa_melspectrogram_slaney_constant.csv"), mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void torchaudioPreset_paritySignal_matchesTorchaudioMel() {
    FeatureMatrix mel = CudaFeatures.mel(MelSpec.torchaudio(22050).n_fft(2048).hop_length(512), List.of(Anchors.parity())).get(0);
    assertThat(Anchors.maxRelative(Anchors.csv("torchaudio_melspectrogram_htk_reflect.csv"), mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void powerToDb_librosa_matchesWithinOneMilliDb() {
    FeatureMatrix db = CudaFeatures.melDb(MelSpec.librosa(22050), Decibels.power(), List.of(Anchors.parity())).get(0);
    assertThat(Anchors.maxAbsolute(Anchors.csv("librosa_melspectrogram_db.csv"), db, 0, 128)).isLessThan(1e-3);
  }

  @Test
  void mfcc_bothPresets_matchAnchors() {
    FeatureMatrix l = CudaFeatures.mfcc(Mfcc.librosa(22050).n_mfcc(40), List.of(Anchors.parity())).get(0);
    assertThat(Anchors.maxAbsolute(Anchors.csv("librosa_mfcc40_slaney_constant.csv"), l, 0, 40)).isLessThan(1e-3);
    FeatureMatrix t = CudaFeatures.mfcc(Mfcc.torchaudio(22050).n_fft(2048).hop_length(512), List.of(Anchors.parity())).get(0);
    assertThat(Anchors.maxAbsolute(Anchors.csv("torchaudio_mfcc40_htk_reflect.csv"), t, 0, 40)).isLessThan(1e-3);
  }

  @Test
  void batch_clipsOfDifferentLengths_matchCpuReferenceEachAlone() {
    MelSpec spec = MelSpec.librosa(22050);
    List<float[]> clips = List.of(Anchors.parity(22050, 44100), Anchors.parity(22050, 12345), Anchors.parity(22050, 513),
        Anchors.parity(22050, 100000));
    List<FeatureMatrix> got = CudaFeatures.mel(spec, clips);
    for (int c = 0; c < clips.size(); c++) {
      FeatureMatrix want = spec.compute(clips.get(c));
      assertThat(got.get(c).frames()).isEqualTo(want.frames());
      float max = 0;
      for (float v : want.data()) max = Math.max(max, v);
      for (int i = 0; i < want.data().length; i++) {
        double w = want.data()[i], g = got.get(c).data()[i];
        assertThat(Math.abs(g - w)).as("clip %d value %d", c, i).isLessThanOrEqualTo(1e-4 * Math.max(w, 1e-6 * max));
      }
    }
  }
}
