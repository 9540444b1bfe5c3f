package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FeatureStreamTest {
  /** Feeds x in random blocks of 1 .. maxBlock samples; collects frames into a rows x frames matrix. */
  static FeatureMatrix streamed(java.util.function.Function<FeatureStream.FrameSink, FeatureStream> make, float[] x, int rows,
      int frames, int maxBlock, long seed) {
    float[] out = new float[rows * frames];
    long[] count = {0};
    FeatureStream s = make.apply((t, v) -> {
      assertThat(t).isEqualTo(count[0]);
      count[0]++;
      for (int r = 0; r < rows; r++) out[r * frames + (int) t] = v[r];
    });
    Random rnd = new Random(seed);
    int cap = s.bufferCapacity();
    for (int i = 0; i < x.length; ) {
      int n = Math.min(x.length - i, 1 + rnd.nextInt(maxBlock));
      s.accept(x, i, n);
      i += n;
    }
    assertThat(s.finish()).isEqualTo(frames);
    assertThat(s.bufferCapacity()).isEqualTo(cap);
    return new FeatureMatrix(rows, frames, out);
  }

  @ParameterizedTest
  @CsvSource({"librosa,1,1", "librosa,5000,2", "torchaudio,1,3", "torchaudio,20000,4", "librosa,300,5"})
  void melStream_randomBlocks_equalsWholeSignalBitForBit(String preset, int maxBlock, long seed) {
    MelSpec spec = MelSpec.of(Convention.parse(preset), 22050).n_fft(2048).hop_length(512);
    float[] x = Anchors.parity();
    FeatureMatrix whole = spec.compute(x);
    FeatureMatrix s = streamed(spec::stream, x, spec.n_mels(), whole.frames(), maxBlock, seed);
    assertThat(s.data()).isEqualTo(whole.data());
  }

  @ParameterizedTest
  @CsvSource({"librosa,0", "torchaudio,20", "librosa,3", "torchaudio,1", "librosa,1000"})
  void melStream_shortSignals_equalWholeSignal(String preset, int length) {
    MelSpec spec = MelSpec.of(Convention.parse(preset), 22050);
    float[] x = java.util.Arrays.copyOf(Anchors.parity(), length);
    FeatureMatrix whole = spec.compute(x);
    FeatureMatrix s = streamed(spec::stream, x, spec.n_mels(), whole.frames(), 7, length);
    assertThat(s.data()).isEqualTo(whole.data());
  }

  @Test
  void mfccStream_explicitMaxDb_equalsWholeSignalWithSameReference() {
    Mfcc m = Mfcc.librosa(22050);
    float[] x = Anchors.parity();
    double maxDb = 30.0; // a fixed reference: the clip's own maximum is unknown while streaming
    FeatureMatrix whole = m.plan().compute(x, maxDb);
    FeatureMatrix s = streamed(sink -> m.stream(maxDb, sink), x, m.n_mfcc(), whole.frames(), 999, 9);
    assertThat(s.data()).isEqualTo(whole.data());
  }

  @ParameterizedTest
  @CsvSource({"1,11", "4096,12", "100000,13"})
  void frameFeaturesStream_randomBlocks_equalsWholeSignal(int maxBlock, long seed) {
    FrameFeatures f = FrameFeatures.librosa(22050);
    float[] x = Anchors.parity();
    FeatureMatrix whole = f.compute(x);
    FrameFeatures.Streaming s = f.stream();
    Random rnd = new Random(seed);
    for (int i = 0; i < x.length; ) {
      int n = Math.min(x.length - i, 1 + rnd.nextInt(maxBlock));
      s.accept(x, i, n);
      i += n;
    }
    FeatureMatrix got = s.finish();
    assertThat(got.frames()).isEqualTo(87);
    assertThat(got.data()).isEqualTo(whole.data());
  }

  @Test
  void melStream_longSignal_keepsItsBufferSize() {
    MelSpec spec = MelSpec.librosa(22050);
    long[] frames = {0};
    FeatureStream s = spec.stream((t, v) -> frames[0]++);
    int cap = s.bufferCapacity();
    float[] block = java.util.Arrays.copyOf(Anchors.parity(), 44100);
    for (int i = 0; i < 60; i++) s.accept(block); // 2 minutes
    assertThat(s.finish()).isEqualTo(1 + 60L * 44100 / 512);
    assertThat(frames[0]).isEqualTo(1 + 60L * 44100 / 512);
    assertThat(s.bufferCapacity()).isEqualTo(cap).isLessThan(3 * 2048 + 8192);
  }

  @Test
  void melStream_nan_throwsNamingTheStream() {
    FeatureStream s = MelSpec.librosa(22050).stream((t, v) -> {});
    float[] b = new float[10];
    b[3] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> s.accept(b)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("melspectrogram stream")
        .hasMessageContaining("Infinity");
  }
}
