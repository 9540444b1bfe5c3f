package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every listed format decodes to the same samples as the reference {@code ffmpeg} CLI. Fixtures are
 * made at test time by the CLI from one synthesized 2 s stereo signal (two sines per channel at
 * 44.1 kHz), so nothing binary is committed.
 *
 * <p>Tolerances: lossless codecs must match exactly (max |diff| 0; both sides run the same
 * integer-to-float conversion). Lossy decoders are bit-exact by specification only up to float
 * rounding, and the CLI here may be an older FFmpeg (Debian 12 ships 5.1) than the bytedeco 8.0.1
 * libraries, so lossy formats allow max |diff| {@value #LOSSY_TOLERANCE} (-100 dBFS; measured 2.4e-7 with CLI 5.1) and the same
 * frame count.
 */
class DecodeFormatsTest {
  static final double LOSSY_TOLERANCE = 1e-5;

  @TempDir static Path dir;
  static Path source;

  // Fixtures only when the CLI is there; every test then skips with the reason, visibly, one by one.
  @BeforeAll
  static void makeSource() {
    if (!FfmpegCli.present()) return;
    source = dir.resolve("source.wav");
    FfmpegCli.run("-f", "lavfi", "-i",
        "aevalsrc=0.5*sin(2*PI*440*t)+0.1*sin(2*PI*3000*t)|0.4*sin(2*PI*660*t)+0.05*sin(2*PI*5000*t):s=44100:d=2",
        "-c:a", "pcm_f32le", source.toString());
  }

  static Stream<Arguments> formats() {
    String video = "testsrc=size=64x48:rate=5:d=2";
    return Stream.of(
        Arguments.of("wav-s16", "wav", "pcm_s16le", true, List.of("-c:a", "pcm_s16le")),
        Arguments.of("wav-s24", "wav", "pcm_s24le", true, List.of("-c:a", "pcm_s24le")),
        Arguments.of("wav-f32", "wav", "pcm_f32le", true, List.of("-c:a", "pcm_f32le")),
        Arguments.of("flac", "flac", "flac", true, List.of("-c:a", "flac")),
        Arguments.of("mp3", "mp3", "mp3", false, List.of("-c:a", "libmp3lame", "-b:a", "128k")),
        Arguments.of("m4a", "m4a", "aac", false, List.of("-c:a", "aac", "-b:a", "128k")),
        Arguments.of("ogg", "ogg", "vorbis", false, List.of("-c:a", "libvorbis", "-q:a", "4")),
        Arguments.of("opus", "opus", "opus", false, List.of("-c:a", "libopus", "-b:a", "96k")),
        Arguments.of("mkv-video", "mkv", "flac", true, List.of("-f", "lavfi", "-i", video, "-map", "1:v", "-map", "0:a", "-c:v", "mpeg4", "-c:a", "flac")),
        Arguments.of("mp4-video", "mp4", "aac", false, List.of("-f", "lavfi", "-i", video, "-map", "1:v", "-map", "0:a", "-c:v", "mpeg4", "-c:a", "aac")),
        Arguments.of("mov-video", "mov", "pcm_s16le", true, List.of("-f", "lavfi", "-i", video, "-map", "1:v", "-map", "0:a", "-c:v", "mpeg4", "-c:a", "pcm_s16le")),
        Arguments.of("webm-video", "webm", "opus", false, List.of("-f", "lavfi", "-i", video, "-map", "1:v", "-map", "0:a", "-c:v", "libvpx", "-c:a", "libopus")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void decode_eachFormat_matchesReferenceCli(String name, String ext, String codec, boolean lossless, List<String> args) {
    FfmpegCli.assumePresent();
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
    Path file = dir.resolve(name + "." + ext);
    var cmd = new java.util.ArrayList<String>(List.of("-i", source.toString()));
    cmd.addAll(args);
    cmd.add(file.toString());
    FfmpegCli.run(cmd.toArray(String[]::new));

    MediaInfo info = AudioFiles.probe(file);
    assertThat(info.codec()).isEqualTo(codec);
    assertThat(info.channels()).isEqualTo(2);
    assertThat(info.truncated()).isFalse();
    assertThat(info.nonFiniteSamples()).isZero();
    AudioBuffer ours = AudioFiles.open(file).readAll(60);
    float[][] ref = FfmpegCli.decode(file, 2);
    assertThat(ours.frames()).as("frames").isEqualTo(ref[0].length);
    assertThat(info.decodedSeconds()).isCloseTo(ref[0].length / (double) ours.sampleRate(), org.assertj.core.data.Offset.offset(1e-9));
    double maxDiff = 0;
    for (int c = 0; c < 2; c++) {
      float[] a = ours.array(c);
      for (int i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - ref[c][i]));
    }
    System.out.printf("%s: %d frames at %d Hz, max |diff| %.3g%n", name, ours.frames(), ours.sampleRate(), maxDiff);
    assertThat(maxDiff).as("max |ours - ffmpeg CLI|").isLessThanOrEqualTo(lossless ? 0.0 : LOSSY_TOLERANCE);
  }
}
