package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Encode, then decode: WAV 16/24-bit and float, FLAC (24-bit) and MP3 (libmp3lame, present in
 * the bytedeco 8.0.1-1.5.13 build). Tolerances are the quantization step: half an LSB of 16-bit
 * (1/65536, swresample rounds); one LSB of 24-bit (2^-23: swresample rounds to s32 and the 24-bit
 * writers drop the low byte, so the error is a truncation); float WAV is exact. MP3 is lossy: the
 * same frame count (the encoder's delay and padding go into the LAME header and are removed on
 * decode) and a signal-to-error ratio above 20 dB at 192 kb/s on a tonal signal (white noise is
 * shaped, not preserved, by a perceptual coder). Output carries no tags.
 */
class EncodeRoundTripTest {
  @TempDir Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
  }

  static Stream<Arguments> lossless() {
    return Stream.of(
        Arguments.of(AudioEncoding.wav16(), "pcm_s16le", 1.0 / 65536 + 1e-7),
        Arguments.of(AudioEncoding.wav24(), "pcm_s24le", 1.0 / (1 << 23) + 1e-9),
        Arguments.of(AudioEncoding.wavFloat(), "pcm_f32le", 0.0),
        Arguments.of(AudioEncoding.flac(), "flac", 1.0 / (1 << 23) + 1e-9));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("lossless")
  void encode_lossless_decodesWithinQuantization(AudioEncoding enc, String codec, double tolerance) throws IOException {
    AudioBuffer x = BadInputTest.noise(48_000, 2, 48_000 * 2 + 207); // an awkward length: not a frame multiple
    Path out = dir.resolve("out." + enc.fileExtension());
    AudioFiles.encode(AudioBlockReader.of(x), enc, out);
    MediaInfo m = AudioFiles.probe(out);
    assertThat(m.codec()).isEqualTo(codec);
    assertThat(m.hadTags()).as("no encoder tag, no LIST/INFO").isFalse();
    assertThat(FfmpegMediaProbe.tagMarkersForTest(out, "t")).isEmpty();
    AudioBuffer y = AudioFiles.open(out).readAll(10);
    assertThat(y.frames()).isEqualTo(x.frames());
    assertThat(y.sampleRate()).isEqualTo(48_000);
    double max = 0;
    for (int c = 0; c < 2; c++) for (int i = 0; i < x.frames(); i++) max = Math.max(max, Math.abs(x.get(c, i) - y.get(c, i)));
    assertThat(max).isLessThanOrEqualTo(tolerance);
  }

  @Test
  void encode_mp3_keepsLengthAndSignal() {
    float[][] tone = new float[2][44_100 * 3];
    for (int i = 0; i < tone[0].length; i++) {
      tone[0][i] = (float) (0.4 * Math.sin(2 * Math.PI * 440 * i / 44_100.0));
      tone[1][i] = (float) (0.3 * Math.sin(2 * Math.PI * 1000 * i / 44_100.0));
    }
    AudioBuffer x = AudioBuffer.of(44_100, tone);
    Path out = dir.resolve("out.mp3");
    AudioFiles.encode(AudioBlockReader.of(x), AudioEncoding.mp3(192), out);
    MediaInfo m = AudioFiles.probe(out);
    assertThat(m.codec()).isEqualTo("mp3");
    assertThat(m.hadTags()).isFalse();
    AudioBuffer y = AudioFiles.open(out).readAll(10);
    assertThat(y.frames()).isEqualTo(x.frames());
    double sig = 0, err = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < x.frames(); i++) {
        sig += x.get(c, i) * (double) x.get(c, i);
        double d = x.get(c, i) - y.get(c, i);
        err += d * d;
      }
    }
    assertThat(10 * Math.log10(sig / err)).as("SNR dB").isGreaterThan(20);
  }

  @Test
  void encode_nonFiniteInput_throwsNonFinite() {
    float[] s = new float[10_000];
    s[5000] = Float.NaN;
    MediaException e = catchThrowableOfType(MediaException.class,
        () -> AudioFiles.encode(AudioBlockReader.of(AudioBuffer.of(48_000, s)), AudioEncoding.flac(), dir.resolve("x.flac")));
    assertThat(e.reason()).isEqualTo(MediaException.Reason.NON_FINITE);
  }

  @Test
  void encode_unknownContainer_throwsUnsupported() {
    MediaException e = catchThrowableOfType(MediaException.class, () -> AudioFiles.encode(
        AudioBlockReader.of(AudioBuffer.of(48_000, new float[100])), new AudioEncoding("avi", "pcm_s16le", 0), dir.resolve("x")));
    assertThat(e.reason()).isEqualTo(MediaException.Reason.UNSUPPORTED);
    assertThat(Files.exists(dir.resolve("x"))).isFalse();
  }
}
