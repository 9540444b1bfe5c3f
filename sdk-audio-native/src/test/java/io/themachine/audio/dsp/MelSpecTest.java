package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Against the float64 references of librosa 0.11 and torchaudio 0.13 (anchors README §5 bounds). */
class MelSpecTest {
  @Test
  void librosaPreset_paritySignal_matchesLibrosaMelWithinOneE4() {
    double[][] ref = Anchors.csv("librosa_melspectrogram_slaney_constant.csv");
    FeatureMatrix mel = MelSpec.librosa(22050).compute(Anchors.parity());
    assertThat(mel.rows()).isEqualTo(128);
    assertThat(mel.frames()).isEqualTo(87);
    assertThat(Anchors.maxRelative(ref, mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void torchaudioPreset_paritySignal_matchesTorchaudioMelWithinOneE4() {
    double[][] ref = Anchors.csv("torchaudio_melspectrogram_htk_reflect.csv");
    FeatureMatrix mel = MelSpec.torchaudio(22050).n_fft(2048).hop_length(512).compute(Anchors.parity());
    assertThat(mel.frames()).isEqualTo(87);
    assertThat(Anchors.maxRelative(ref, mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void torchaudioPreset_withLibrosaSwitches_matchesLibrosaMel() {
    double[][] ref = Anchors.csv("librosa_melspectrogram_slaney_constant.csv");
    FeatureMatrix mel = MelSpec.torchaudio(22050).n_fft(2048).hop_length(512).mel_scale(MelScale.SLANEY)
        .norm(MelNorm.SLANEY).pad_mode(PadMode.CONSTANT).compute(Anchors.parity());
    assertThat(Anchors.maxRelative(ref, mel, 1e-6)).isLessThan(1e-4);
  }

  @Test
  void powerToDb_librosaMel_matchesWithinOneMilliDb() {
    double[][] ref = Anchors.csv("librosa_melspectrogram_db.csv");
    FeatureMatrix db = Decibels.power().powerToDb(MelSpec.librosa(22050).compute(Anchors.parity()));
    assertThat(Anchors.maxAbsolute(ref, db, 0, 128)).isLessThan(1e-3);
  }

  @Test
  void mfcc_librosaPreset_matchesLibrosaWithinOneE3() {
    double[][] ref = Anchors.csv("librosa_mfcc40_slaney_constant.csv");
    FeatureMatrix m = Mfcc.librosa(22050).n_mfcc(40).compute(Anchors.parity());
    assertThat(m.rows()).isEqualTo(40);
    assertThat(m.frames()).isEqualTo(87);
    assertThat(Anchors.maxAbsolute(ref, m, 0, 40)).isLessThan(1e-3);
  }

  @Test
  void mfcc_torchaudioPreset_matchesTorchaudioWithinOneE3() {
    double[][] ref = Anchors.csv("torchaudio_mfcc40_htk_reflect.csv");
    FeatureMatrix m = Mfcc.torchaudio(22050).n_fft(2048).hop_length(512).compute(Anchors.parity());
    assertThat(m.rows()).isEqualTo(40);
    assertThat(Anchors.maxAbsolute(ref, m, 0, 40)).isLessThan(1e-3);
  }

  @Test
  void presets_defaultsFollowTheirLibraries() {
    MelSpec t = MelSpec.torchaudio(16000);
    assertThat(t.n_fft()).isEqualTo(400);
    assertThat(t.hop_length()).isEqualTo(200);
    assertThat(t.fmax()).isEqualTo(8000.0);
    assertThat(MelSpec.torchaudio(22051).fmax()).isEqualTo(11025.0);
    assertThat(MelSpec.librosa(22051).fmax()).isEqualTo(11025.5);
    MelSpec l = MelSpec.librosa(22050).n_fft(1024);
    assertThat(l.win_length()).isEqualTo(1024);
    assertThat(l.hop_length()).isEqualTo(256);
    assertThat(MelSpec.librosa(22050).hop_length(100).n_fft(1024).hop_length()).isEqualTo(100);
    assertThat(l.toMap()).containsEntry("preset", "librosa").containsEntry("n_fft", 1024).containsKeys("hop_length",
        "win_length", "n_mels", "fmin", "fmax", "sample_rate");
  }

  @Test
  void mfcc_emptySignal_hasRowsAndNoFrames() {
    FeatureMatrix m = Mfcc.librosa(22050).compute(new float[0]);
    assertThat(m.rows()).isEqualTo(20);
    assertThat(m.frames()).isZero();
  }
}
