package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Two-pass normalization: the output re-measures within +-0.1 LU of the target with TP at or under the ceiling. */
class NormalizerTest {
  /** The normalization accuracy. */
  static final double TARGET_LU = 0.1;

  private static LoudnessKernel kernel(Backend b) {
    var a = b.availability();
    assumeTrue(a.available(), a.reason());
    return b.loudness();
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
  void normalize_quietSine_linearGainToMinus14(Backend b) {
    AudioBuffer x = Signals.sine(48000, 1000, -30, 10);
    NormalizeResult r = Loudness.normalize(kernel(b), x, NormalizeOptions.defaults());
    assertThat(r.path()).isEqualTo(NormalizeResult.Path.LINEAR);
    assertThat(r.gainDb()).isCloseTo(-14 - r.input().integratedLufs(), within(1e-9));
    assertThat(r.limiterMaxReductionDb()).isZero();
    assertThat(r.output().integratedLufs()).isCloseTo(-14.0, within(TARGET_LU));
    assertThat(r.output().truePeakDbtp()).isLessThanOrEqualTo(-1.0);
    assertThat(r.targetMet()).isTrue();
    assertThat(r.audio().sampleRate()).isEqualTo(48000);
  }

  @ParameterizedTest
  @EnumSource(value = Backend.class, names = {"SCALAR", "VECTOR"})
  void normalize_clickyProgramme_limitsTruePeakUnderCeiling(Backend b) {
    AudioBuffer x = Signals.programme(44100, 12, 42, true);
    NormalizeResult r = Loudness.normalize(kernel(b), x, NormalizeOptions.defaults());
    assertThat(r.path()).isEqualTo(NormalizeResult.Path.LIMITED);
    assertThat(r.limiterMaxReductionDb()).isPositive();
    assertThat(r.output().integratedLufs()).isCloseTo(-14.0, within(TARGET_LU));
    assertThat(r.output().truePeakDbtp()).isLessThanOrEqualTo(-1.0);
    assertThat(r.audio().sampleRate()).as("no resampling").isEqualTo(44100);
    assertThat(r.targetMet()).isTrue();
  }

  @Test
  void normalize_presets_reachTheirTargets() {
    AudioBuffer x = Signals.programme(48000, 8, 1, false);
    for (NormalizeOptions o : new NormalizeOptions[] {NormalizeOptions.ebuR128(), NormalizeOptions.podcast(),
        NormalizeOptions.defaults().withTarget(-12).withCeiling(-2)}) {
      NormalizeResult r = Loudness.normalize(x, o);
      assertThat(r.output().integratedLufs()).as(o.toString()).isCloseTo(o.targetLufs(), within(TARGET_LU));
      assertThat(r.output().truePeakDbtp()).as(o.toString()).isLessThanOrEqualTo(o.ceilingDbtp());
    }
  }

  @Test
  void normalize_unreachableTarget_reportsTargetNotMetAndKeepsCeiling() {
    // Noise at -6 LUFS under a -6 dBTP ceiling would need a peak-to-loudness ratio of 0 dB.
    AudioBuffer x = Signals.programme(16000, 6, 2, false);
    NormalizeResult r = Loudness.normalize(x, NormalizeOptions.defaults().withTarget(-6).withCeiling(-6));
    assertThat(r.path()).isEqualTo(NormalizeResult.Path.LIMITED);
    assertThat(r.targetMet()).isFalse();
    assertThat(r.output().truePeakDbtp()).isLessThanOrEqualTo(-6.0);
    assertThat(r.toString()).contains("target NOT met");
  }

  @Test
  void normalize_silence_unchangedWithTypedReason() {
    AudioBuffer x = AudioBuffer.allocate(16000, ChannelLayout.STEREO, 32000);
    NormalizeResult r = Loudness.normalize(x);
    assertThat(r.path()).isEqualTo(NormalizeResult.Path.UNCHANGED);
    assertThat(r.input().status()).isEqualTo(LoudnessStatus.BELOW_ABSOLUTE_GATE);
    assertThat(r.targetMet()).isFalse();
    assertThat(r.audio()).isSameAs(x);
  }

  @Test
  void options_outOfRange_throwNamingTheField() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> NormalizeOptions.defaults().withTarget(3))
        .hasMessageContaining("targetLufs");
  }
}
