package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resampling and remixing through swresample against the CLI, and the readers' lifecycle. */
class ResampleAndLifecycleTest {
  @TempDir Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
  }

  @Test
  void open_48kStereoTo16kMono_matchesCliResampleAndDownmix() {
    FfmpegCli.assumePresent();
    Path f = dir.resolve("in.wav");
    FfmpegCli.run("-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)|0.3*sin(2*PI*1250*t):s=48000:d=1.5",
        "-c:a", "pcm_f32le", f.toString());
    Path ref = dir.resolve("ref.wav");
    FfmpegCli.run("-i", f.toString(), "-ar", "16000", "-ac", "1", "-c:a", "pcm_f32le", ref.toString());
    float[][] want = FfmpegCli.decode(ref, 1);
    AudioBuffer got;
    try (AudioBlockReader r = AudioFiles.open(f).open(16_000, ChannelLayout.MONO)) {
      assertThat(r.sampleRate()).isEqualTo(16_000);
      assertThat(r.layout()).isEqualTo(ChannelLayout.MONO);
      got = r.readAll(100_000);
    }
    assertThat(got.frames()).isEqualTo(want[0].length);
    double max = 0;
    for (int i = 0; i < got.frames(); i++) max = Math.max(max, Math.abs(got.get(0, i) - want[0][i]));
    // Same swresample defaults on both sides; the CLI goes through a float filter graph first.
    assertThat(max).isLessThan(1e-5);
  }

  @Test
  void open_blocksOfAnySize_deliverTheSameSamples() {
    AudioBuffer x = BadInputTest.noise(44_100, 2, 44_100);
    Path f = dir.resolve("x.flac");
    AudioFiles.encode(AudioBlockReader.of(x), AudioEncoding.flac(), f);
    AudioBuffer whole = AudioFiles.open(f).readAll(2);
    float[][] blk = new float[2][207];
    int pos = 0;
    try (AudioBlockReader r = AudioFiles.open(f).open()) {
      for (int n; (n = r.read(blk, 0, 207)) > 0; pos += n) {
        for (int i = 0; i < n; i++) assertThat(blk[1][i]).isEqualTo(whole.get(1, pos + i));
      }
      assertThat(r.framesRead()).isEqualTo(whole.frames());
      assertThat(r.read(blk, 0, 207)).isEqualTo(-1);
    }
    assertThat(pos).isEqualTo(x.frames());
  }

  @Test
  void probe_surround51Flac_mapsLayoutByName() {
    Path f = dir.resolve("51.flac");
    AudioFiles.encode(AudioBlockReader.of(BadInputTest.noise(48_000, 6, 4800)), AudioEncoding.flac(), f);
    assertThat(AudioFiles.probe(f).layout()).isEqualTo(ChannelLayout.SURROUND_5_1);
  }

  @Test
  void probe_threeChannelWavWithoutMask_isDiscrete() throws java.io.IOException {
    Path f = java.nio.file.Files.write(dir.resolve("3ch.wav"), WavBytes.pcm16(48_000, 3).sine(440, 4800).bytes());
    var m = AudioFiles.probe(f);
    assertThat(m.layout()).isEqualTo(ChannelLayout.discrete(3));
    assertThat(m.hadTags()).isFalse();
  }

  @Test
  void open_stereoWavDownmixedToMono_usesSwresampleMatrix() throws java.io.IOException {
    Path f = java.nio.file.Files.write(dir.resolve("2ch.wav"), WavBytes.pcm16(48_000, 2).sine(440, 4800).bytes());
    AudioBuffer mono = AudioFiles.open(f).open(0, ChannelLayout.MONO).readAll(4800);
    AudioBuffer stereo = AudioFiles.open(f).readAll(1);
    // swresample (rematrix.c) maps FL and FR into FC with M_SQRT1_2 each and, for float output, does
    // not renormalize: mono = (L + R) / sqrt(2), as `ffmpeg -ac 1` does. Equal channels gain 3 dB.
    for (int i = 0; i < 4800; i += 97) {
      float want = (float) ((stereo.get(0, i) + stereo.get(1, i)) * Math.sqrt(0.5));
      assertThat(mono.get(0, i)).isCloseTo(want, org.assertj.core.data.Offset.offset(1e-6f));
    }
  }

  @Test
  void probeAndSanitize_nonAsciiAndEmojiNames_openAndWrite() throws java.io.IOException {
    Path sub = java.nio.file.Files.createDirectories(dir.resolve("Jürgen Müller 📞 +49 (Anruf)"));
    Path f = java.nio.file.Files.write(sub.resolve("Gespräch mit Zoë 😀.wav"), WavBytes.pcm16(48_000, 1).sine(440, 4800).bytes());
    assertThat(AudioFiles.probe(f).decodedSeconds()).isEqualTo(0.1);
    Path out = sub.resolve("sauber ✓.tmp");
    assertThat(AudioFiles.sanitize(f, out).media().decodedSeconds()).isEqualTo(0.1);
    assertThat(out).exists();
  }

  @Test
  void read_sixtySecondsVersusFive_allocatesTheSame() throws java.io.IOException {
    Path shortFile = java.nio.file.Files.write(dir.resolve("5s.wav"), WavBytes.pcm16(48_000, 2).sine(440, 48_000 * 5).bytes());
    Path longFile = java.nio.file.Files.write(dir.resolve("60s.wav"), WavBytes.pcm16(48_000, 2).sine(440, 48_000 * 60).bytes());
    float[][] blk = new float[2][4096];
    decodeAll(shortFile, blk); // warm up class loading and JIT
    long a0 = BadInputTest.allocatedBytes();
    decodeAll(shortFile, blk);
    long a1 = BadInputTest.allocatedBytes();
    decodeAll(longFile, blk);
    long a2 = BadInputTest.allocatedBytes();
    assumeTrue(a0 >= 0, "thread allocation counter not available on this JVM");
    long perShort = a1 - a0, perLong = a2 - a1;
    System.out.printf("heap allocated: 5 s decode %d B, 60 s decode %d B%n", perShort, perLong);
    // 55 s more of stereo float32 would be 21 MB if anything were sized by the length; allow 4 MB
    // for per-frame bookkeeping (JavaCPP views, about 1,400 frames more).
    assertThat(perLong - perShort).as("extra heap bytes for 12x the audio").isLessThan(4L << 20);
  }

  private static void decodeAll(Path f, float[][] blk) {
    try (AudioBlockReader r = AudioFiles.open(f).open()) {
      while (r.read(blk, 0, 4096) > 0) { /* drain */ }
    }
  }

  @Test
  void close_calledTwice_isNoOpAndReadAfterCloseThrows() {
    Path f = dir.resolve("x.wav");
    AudioFiles.encode(AudioBlockReader.of(AudioBuffer.of(48_000, new float[4800])), AudioEncoding.wav16(), f);
    AudioSource src = AudioFiles.open(f);
    AudioBlockReader r = src.open();
    r.close();
    r.close();
    assertThatThrownBy(() -> r.read(new float[1][16], 0, 16)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void open_manyReadersClosedEarly_doNotLeakOrCrash() {
    Path f = dir.resolve("x.wav");
    AudioFiles.encode(AudioBlockReader.of(BadInputTest.noise(48_000, 2, 48_000)), AudioEncoding.wav24(), f);
    AudioSource src = AudioFiles.open(f);
    float[][] blk = new float[2][1000];
    for (int i = 0; i < 500; i++) {
      try (AudioBlockReader r = src.open(22_050, ChannelLayout.MONO)) {
        r.read(blk, 0, 1000);
      }
    }
    assertThat(src.info().decodedSeconds()).isEqualTo(1.0);
  }
}
