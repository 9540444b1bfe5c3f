package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaException.Reason;
import io.themachine.spi.audio.MediaInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input of issue A2 section 3, made in the test by writing bytes (or by our own encoder,
 * then cut short). Each gives a typed {@link MediaException} whose message names no path, or, for
 * truncation, a probe whose decoded duration is what really decodes and {@code truncated == true}.
 * The JVM stays up (every case runs in one JVM) and a header's claim never drives an allocation.
 */
class BadInputTest {
  @TempDir Path dir;

  @BeforeEach
  void ffmpeg() {
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private MediaException probeFails(Path file) {
    MediaException e = catchThrowableOfType(MediaException.class, () -> AudioFiles.probe(file, "job-1/input-7"));
    assertThat(e).as("probe must fail with a MediaException").isNotNull();
    assertThat(e.getMessage()).contains("job-1/input-7").doesNotContain(dir.toString()).doesNotContain(file.getFileName().toString());
    MediaException d = catchThrowableOfType(MediaException.class, () -> {
      try (AudioBlockReader r = AudioFiles.open(file, "job-1/input-7").open()) {
        r.readAll(1 << 20);
      }
    });
    assertThat(d).as("decode must fail too").isNotNull();
    assertThat(d.reason()).isEqualTo(e.reason());
    assertThat(d.getMessage()).doesNotContain(dir.toString());
    return e;
  }

  @Test
  void probe_zeroByteFile_throwsEmpty() throws IOException {
    assertThat(probeFails(write("zero.wav", new byte[0])).reason()).isEqualTo(Reason.EMPTY);
  }

  @Test
  void probe_textRenamedWav_throwsUnrecognized() throws IOException {
    Path f = write("notes.wav", "Shopping list:\n- milk\n- bread\n".repeat(40).getBytes(StandardCharsets.UTF_8));
    MediaException e = probeFails(f);
    assertThat(e.reason()).isEqualTo(Reason.UNRECOGNIZED);
    assertThat(e.getMessage()).startsWith("avformat_open_input failed: ").contains("Invalid data");
  }

  @Test
  void probe_randomBytesNamedFlac_throwsUnrecognized() throws IOException {
    byte[] b = new byte[64 * 1024];
    new Random(4711).nextBytes(b);
    assertThat(probeFails(write("noise.flac", b)).reason()).isIn(Reason.UNRECOGNIZED, Reason.CORRUPT);
  }

  @Test
  void probe_sampleRateZero_throwsInvalidHeader() throws IOException {
    Path f = write("rate0.wav", WavBytes.pcm16(0, 1).rawData(new byte[9600]).bytes());
    assertThat(probeFails(f).reason()).isEqualTo(Reason.INVALID_HEADER);
  }

  @Test
  void probe_sampleRateOneHertz_throwsInvalidHeader() throws IOException {
    Path f = write("rate1.wav", WavBytes.pcm16(1, 1).rawData(new byte[9600]).bytes());
    MediaException e = probeFails(f);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_HEADER);
    assertThat(e.getMessage()).contains("1 Hz");
  }

  @Test
  void probe_65535Channels_throwsInvalidHeaderWithoutAllocating() throws IOException {
    Path f = write("wide.wav", WavBytes.pcm16(48_000, 65_535).rawData(new byte[65_535 * 2 * 4]).bytes());
    long before = allocatedBytes();
    MediaException e = probeFails(f);
    assertThat(e.reason()).isEqualTo(Reason.INVALID_HEADER);
    assertThat(e.getMessage()).contains("65535 channels");
    assertBoundedSince(before);
  }

  @Test
  void probe_wavClaiming4GbWithOneSecond_reportsOneSecondTruncated() throws IOException {
    Path f = write("huge.wav", WavBytes.pcm16(48_000, 2).sine(440, 48_000).declareDataBytes(0xFFFF_FFF0L).bytes());
    long before = allocatedBytes();
    MediaInfo m = AudioFiles.probe(f, "job-1/input-7");
    assertThat(m.decodedSeconds()).isCloseTo(1.0, within(1e-9));
    assertThat(m.declaredSeconds()).isGreaterThan(20_000.0);
    assertThat(m.truncated()).isTrue();
    AudioBuffer all = AudioFiles.open(f).readAll(10);
    assertThat(all.frames()).isEqualTo(48_000);
    assertBoundedSince(before);
  }

  @Test
  void probe_flacTruncatedTo3k_reportsWhatDecodesAndTruncated() throws IOException {
    // 2 s of digital silence (a few bytes per FLAC frame) then noise: the first 3 kB hold whole frames.
    Path full = dir.resolve("full.flac");
    AudioBuffer x = noise(48_000, 2, 48_000 * 5);
    for (int c = 0; c < 2; c++) Arrays.fill(x.array(c), 0, 96_000, 0f);
    AudioFiles.encode(AudioBlockReader.of(x), AudioEncoding.flac(), full);
    assertThat(AudioFiles.probe(full).truncated()).isFalse();
    Path cut = write("cut.flac", Arrays.copyOf(Files.readAllBytes(full), 3 * 1024));
    MediaInfo m = AudioFiles.probe(cut, "job-1/input-7");
    assertThat(m.truncated()).isTrue();
    assertThat(m.declaredSeconds()).isCloseTo(5.0, within(1e-9));
    assertThat(m.decodedSeconds()).isGreaterThan(0.5).isLessThan(2.5);
    AudioBuffer got = AudioFiles.open(cut).readAll(10);
    assertThat(got.seconds()).isCloseTo(m.decodedSeconds(), within(1e-9));
  }

  @Test
  void probe_mp3TruncatedTo2k_reportsWhatDecodesAndTruncated() throws IOException {
    Path full = dir.resolve("full.mp3");
    AudioFiles.encode(AudioBlockReader.of(noise(44_100, 2, 44_100 * 5)), AudioEncoding.mp3(128), full);
    MediaInfo whole = AudioFiles.probe(full);
    assertThat(whole.truncated()).isFalse();
    Path cut = write("cut.mp3", Arrays.copyOf(Files.readAllBytes(full), 2 * 1024));
    MediaInfo m = AudioFiles.probe(cut, "job-1/input-7");
    assertThat(m.truncated()).isTrue();
    assertThat(m.decodedSeconds()).isGreaterThan(0.0).isLessThan(0.2);
    AudioBuffer got = AudioFiles.open(cut).readAll(10);
    assertThat(got.seconds()).isCloseTo(m.decodedSeconds(), within(1e-9));
  }

  @Test
  void probe_mp3WithoutXingHeader_declaresNothingRatherThanAGuess() {
    FfmpegCli.assumePresent();
    Path f = dir.resolve("vbr.mp3");
    FfmpegCli.run("-f", "lavfi", "-i", "sine=f=440:d=3", "-c:a", "libmp3lame", "-q:a", "2", "-write_xing", "0", f.toString());
    MediaInfo m = AudioFiles.probe(f);
    assertThat(m.declaredSeconds()).as("a bit-rate estimate is not a header's claim").isNull();
    assertThat(m.decodedSeconds()).isGreaterThan(2.9);
    assertThat(m.truncated()).isFalse();
  }

  @Test
  void decode_floatWavWithNanAndInf_throwsNonFiniteAndProbeCountsThem() throws IOException {
    float[] s = new float[48_000];
    for (int i = 0; i < s.length; i++) s[i] = (float) (0.25 * Math.sin(i * 0.05));
    s[100] = Float.NaN;
    s[2000] = Float.POSITIVE_INFINITY;
    s[40_000] = Float.NEGATIVE_INFINITY;
    Path f = write("nan.wav", WavBytes.float32(48_000, 1).samples(s).bytes());
    MediaInfo m = AudioFiles.probe(f, "job-1/input-7");
    assertThat(m.nonFiniteSamples()).isEqualTo(3);
    assertThat(m.codec()).isEqualTo("pcm_f32le");
    MediaException e = catchThrowableOfType(MediaException.class, () -> AudioFiles.open(f, "job-1/input-7").readAll(10));
    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.NON_FINITE);
    assertThat(e.getMessage()).contains("job-1/input-7").doesNotContain(dir.toString());
  }

  @Test
  void decode_50msClip_decodesExactly2400Frames() throws IOException {
    Path f = write("short.wav", WavBytes.pcm16(48_000, 1).sine(1000, 2400).bytes());
    MediaInfo m = AudioFiles.probe(f);
    assertThat(m.decodedSeconds()).isCloseTo(0.05, within(1e-12));
    assertThat(m.declaredSeconds()).isCloseTo(0.05, within(1e-12));
    assertThat(m.truncated()).isFalse();
    AudioBuffer b = AudioFiles.open(f).readAll(1);
    assertThat(b.frames()).isEqualTo(2400);
    assertThat(b.get(0, 12)).isCloseTo((float) (Math.round(0.5 * Math.sin(2 * Math.PI * 1000 * 12 / 48_000.0) * 32767) / 32768.0), within(1e-7f));
  }

  @Test
  void probe_missingFile_throwsIoWithoutPath() {
    Path f = dir.resolve("CANARY-4711-JaneDoe.wav");
    MediaException e = catchThrowableOfType(MediaException.class, () -> AudioFiles.probe(f, "job-1/input-7"));
    assertThat(e.reason()).isEqualTo(Reason.IO);
    assertThat(e.getMessage()).doesNotContain("CANARY").doesNotContain(dir.toString());
  }

  static AudioBuffer noise(int rate, int channels, int frames) {
    Random r = new Random(42);
    float[][] x = new float[channels][frames];
    for (float[] c : x) for (int i = 0; i < frames; i++) c[i] = (float) (0.3 * r.nextGaussian() * 0.3 + 0.2 * Math.sin(i * 0.03));
    return AudioBuffer.of(rate, ChannelLayout.defaultFor(channels), x);
  }

  // ---- allocation bound: heap bytes this thread allocated; a header claim of GBs must not show up.

  private static final long ALLOCATION_BOUND = 64L << 20;

  static long allocatedBytes() {
    try {
      // Reflection: the test module does not read java.management at compile time.
      Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
      var m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
      return (long) m.invoke(bean);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return -1;
    }
  }

  private static void assertBoundedSince(long before) {
    long after = allocatedBytes();
    assumeTrue(before >= 0 && after >= 0, "thread allocation counter not available on this JVM");
    assertThat(after - before).as("heap bytes allocated").isLessThan(ALLOCATION_BOUND);
  }
}
