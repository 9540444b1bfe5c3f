package io.themachine.spi.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class AudioBufferTest {
  @Test
  void wrap_segment_readsPlanarChannels() {
    try (Arena arena = Arena.ofConfined()) {
      var seg = arena.allocate(ValueLayout.JAVA_FLOAT, 6);
      for (int i = 0; i < 6; i++) seg.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
      var buf = AudioBuffer.wrap(48000, ChannelLayout.STEREO, 3, seg);
      assertThat(buf.array(1)).containsExactly(3f, 4f, 5f);
      assertThat(buf.get(0, 2)).isEqualTo(2f);
      assertThat(buf.isHeap()).isFalse();
      assertThat(buf.toHeap().array(0)).containsExactly(0f, 1f, 2f);
    }
  }

  @Test
  void toString_isOneLineWithoutSamples() {
    var buf = AudioBuffer.allocate(8000, ChannelLayout.MONO, 8000);
    assertThat(buf.toString()).isEqualTo("AudioBuffer[8000 Hz, mono, 1.000 s, heap]");
  }

  @Test
  void blockReader_readAll_roundTripsAndEnforcesLimit() {
    float[] l = new float[20000], r = new float[20000];
    for (int i = 0; i < l.length; i++) { l[i] = i; r[i] = -i; }
    var buf = AudioBuffer.of(16000, l, r);
    var back = AudioBlockReader.of(buf).readAll(1 << 20);
    assertThat(back.array(1)).containsExactly(r);
    assertThatThrownBy(() -> AudioBlockReader.of(buf).readAll(100))
        .isInstanceOf(MediaException.class)
        .satisfies(e -> assertThat(((MediaException) e).reason()).isEqualTo(MediaException.Reason.TOO_LARGE));
  }

  @Test
  void layouts_defaultForCounts_andLfeFlag() {
    assertThat(ChannelLayout.defaultFor(6)).isEqualTo(ChannelLayout.SURROUND_5_1);
    assertThat(ChannelLayout.SURROUND_5_1.positions().get(4).azimuth()).isEqualTo(110.0);
    assertThat(ChannelLayout.SURROUND_22_2.channels()).isEqualTo(24);
    assertThat(ChannelLayout.defaultFor(3).toString()).isEqualTo("3 channels");
    assertThat(Channel.LFE2.isLfe()).isTrue();
  }

  @Test
  void encodingNamed_knowsTheParameterNames_andListsThemOnError() {
    assertThat(AudioEncoding.named("wav_float")).isEqualTo(AudioEncoding.wavFloat());
    assertThat(AudioEncoding.named("wav_f32")).isEqualTo(AudioEncoding.wavFloat());
    assertThat(AudioEncoding.named("mp3_128")).isEqualTo(AudioEncoding.mp3(128));
    assertThat(AudioEncoding.named("flac").fileExtension()).isEqualTo("flac");
    assertThatThrownBy(() -> AudioEncoding.named("ogg")).hasMessageContaining("wav16, wav24, wav_float, flac, mp3");
    assertThatThrownBy(() -> AudioEncoding.named("mp3_9999")).isInstanceOf(IllegalArgumentException.class);
  }
}
