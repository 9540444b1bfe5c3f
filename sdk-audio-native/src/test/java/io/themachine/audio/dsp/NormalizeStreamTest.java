package io.themachine.audio.dsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.Backend;
import io.themachine.audio.internal.cpu.ReferenceNormalizer;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The streaming normalizer against the whole-signal one it replaced ({@link ReferenceNormalizer},
 * main at a66f340): same path, gain, limiter reduction and re-measurement, and the same samples,
 * whatever block size the consumer reads with; and memory that does not grow with the length.
 */
class NormalizeStreamTest {
  /**
   * Largest sample difference allowed against the reference: one float ulp at full scale. The
   * streaming limiter does every operation of the whole-signal one in the same order, and the
   * outputs measured here are bit for bit equal (difference 0); the only freedom is the first-pass
   * meter, fed in 8192-frame blocks instead of whole, whose I differs in the 15th digit, so the
   * gain may differ by ~1e-15 relative and could flip a float rounding.
   */
  static final double SAMPLE_TOL = Math.ulp(1.0f);
  /** Gain, limiter reduction, I / LRA / TP: observed differences 2e-15 to 4e-15 (summation order). */
  static final double MEASURE_TOL = 1e-9;

  private static LoudnessKernel kernel(Backend b) {
    var a = b.availability();
    assumeTrue(a.available(), a.reason());
    return b.loudness();
  }

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> s = Stream.builder();
    for (Backend b : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
      for (int block : new int[] {1, 207, 4096, 48001}) {
        s.add(Arguments.of(b, "linear", block));
        s.add(Arguments.of(b, "limited", block));
      }
    }
    return s.build();
  }

  private static AudioBuffer signal(String kind) {
    return switch (kind) {
      case "linear" -> Signals.sine(48000, 1000, -30, 3);
      case "limited" -> Signals.programme(44100, 6, 42, true);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  /** A buffer as a source that counts its opens. */
  static final class CountingSource implements AudioSource {
    final AudioBuffer x;
    int opens;

    CountingSource(AudioBuffer x) {
      this.x = x;
    }

    @Override public MediaInfo info() {
      return new MediaInfo("memory", "pcm_f32", x.sampleRate(), x.layout(), x.seconds(), x.seconds(), false, false, 0);
    }
    @Override public AudioBlockReader open() {
      opens++;
      return AudioBlockReader.of(x);
    }
    @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) { return open(); }
  }

  private static AudioBuffer readAll(NormalizeStream s, int block, int frames) {
    float[][] y = new float[s.channels()][frames];
    float[][] b = new float[s.channels()][block];
    int len = 0;
    for (int n; (n = s.read(b, 0, block)) > 0; ) {
      assertThat(len + n).as("frames out").isLessThanOrEqualTo(frames);
      for (int c = 0; c < y.length; c++) System.arraycopy(b[c], 0, y[c], len, n);
      len += n;
    }
    assertThat(len).as("frames out").isEqualTo(frames);
    return AudioBuffer.of(s.sampleRate(), s.layout(), y);
  }

  static double maxAbsDiff(AudioBuffer a, AudioBuffer b) {
    double m = 0;
    for (int c = 0; c < a.channels(); c++) {
      float[] x = a.array(c), y = b.array(c);
      for (int i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
    }
    return m;
  }

  private static void assertSameResult(NormalizeResult got, NormalizeResult ref) {
    assertThat(got.path()).isEqualTo(ref.path());
    assertThat(got.gainDb()).isCloseTo(ref.gainDb(), within(MEASURE_TOL));
    assertThat(got.limiterMaxReductionDb()).isCloseTo(ref.limiterMaxReductionDb(), within(MEASURE_TOL));
    assertThat(got.targetMet()).isEqualTo(ref.targetMet());
    assertThat(got.input().integratedLufs()).isCloseTo(ref.input().integratedLufs(), within(MEASURE_TOL));
    assertThat(got.output().integratedLufs()).isCloseTo(ref.output().integratedLufs(), within(MEASURE_TOL));
    assertThat(got.output().rangeLu()).isCloseTo(ref.output().rangeLu(), within(MEASURE_TOL));
    assertThat(got.output().truePeakDbtp()).isCloseTo(ref.output().truePeakDbtp(), within(MEASURE_TOL));
    assertThat(got.output().frames()).isEqualTo(ref.output().frames());
  }

  @ParameterizedTest(name = "{0} {1} block {2}")
  @MethodSource("cases")
  void stream_anyBlockSize_equalsWholeSignalNormalizer(Backend b, String kind, int block) {
    LoudnessKernel k = kernel(b);
    AudioBuffer x = signal(kind);
    NormalizeResult ref = ReferenceNormalizer.normalize(k, x, NormalizeOptions.defaults());
    assertThat(ref.path().name().toLowerCase(java.util.Locale.ROOT)).isEqualTo(kind);
    CountingSource src = new CountingSource(x);
    try (NormalizeStream s = Loudness.normalizeStream(k, src, NormalizeOptions.defaults())) {
      assertThat(s.path()).isEqualTo(ref.path());
      assertThatThrownBy(s::result).isInstanceOf(IllegalStateException.class);
      AudioBuffer y = readAll(s, block, x.frames());
      NormalizeResult r = s.result();
      assertSameResult(r, ref);
      assertThat(r.audio()).isNull();
      assertThat(maxAbsDiff(y, ref.audio())).as("max |streamed - reference|").isLessThanOrEqualTo(SAMPLE_TOL);
    }
    if (kind.equals("linear")) assertThat(src.opens).as("decodes on the linear path").isEqualTo(2);
    else assertThat(src.opens).as("decodes on the limiter path").isBetween(3, 12);
  }

  @Test
  void stream_presets_equalWholeSignalNormalizer() {
    AudioBuffer x = Signals.programme(48000, 8, 1, false);
    for (NormalizeOptions o : new NormalizeOptions[] {NormalizeOptions.ebuR128(), NormalizeOptions.podcast(),
        NormalizeOptions.defaults().withTarget(-12).withCeiling(-2), NormalizeOptions.defaults().withTarget(-6).withCeiling(-6)}) {
      NormalizeResult ref = ReferenceNormalizer.normalize(Loudness.kernel(), x, o);
      try (NormalizeStream s = Loudness.normalizeStream(new CountingSource(x), o)) {
        AudioBuffer y = readAll(s, 1000, x.frames());
        assertSameResult(s.result(), ref);
        assertThat(maxAbsDiff(y, ref.audio())).as(o.toString()).isLessThanOrEqualTo(SAMPLE_TOL);
      }
    }
  }

  @Test
  void stream_longLookaheadHighRateAndShortInput_equalWholeSignalNormalizer() {
    // 50 ms look-ahead at 96 kHz (the largest rings), and 0.45 s at 8 kHz (barely measurable, the
    // look-ahead and box reaching both ends of the signal at once).
    NormalizeOptions longLook = new NormalizeOptions(-14, -1, 50, 2000);
    for (var c : java.util.List.of(java.util.Map.entry(Signals.programme(96000, 3, 5, true), longLook),
        java.util.Map.entry(Signals.programme(8000, 0.45, 9, true), longLook),
        java.util.Map.entry(Signals.programme(8000, 0.45, 9, true), NormalizeOptions.defaults()))) {
      AudioBuffer x = c.getKey();
      NormalizeResult ref = ReferenceNormalizer.normalize(Loudness.kernel(), x, c.getValue());
      assertThat(ref.path()).isEqualTo(NormalizeResult.Path.LIMITED);
      for (int block : new int[] {1, 333, 1 << 16}) {
        try (NormalizeStream s = Loudness.normalizeStream(new CountingSource(x), c.getValue())) {
          AudioBuffer y = readAll(s, block, x.frames());
          assertSameResult(s.result(), ref);
          assertThat(maxAbsDiff(y, ref.audio())).as("%s Hz, block %d", x.sampleRate(), block).isLessThanOrEqualTo(SAMPLE_TOL);
        }
      }
    }
  }

  @Test
  void inMemory_isTheStreamingPath_equalsReference() {
    AudioBuffer x = Signals.programme(16000, 5, 7, true);
    NormalizeResult ref = ReferenceNormalizer.normalize(Loudness.kernel(), x, NormalizeOptions.defaults());
    NormalizeResult r = Loudness.normalize(x);
    assertSameResult(r, ref);
    assertThat(r.audio().frames()).isEqualTo(x.frames());
    assertThat(maxAbsDiff(r.audio(), ref.audio())).isLessThanOrEqualTo(SAMPLE_TOL);
  }

  @Test
  void stream_silence_unchangedAtOnceAndPassesTheSourceThrough() {
    AudioBuffer x = AudioBuffer.allocate(16000, ChannelLayout.STEREO, 20000);
    CountingSource src = new CountingSource(x);
    try (NormalizeStream s = Loudness.normalizeStream(src, NormalizeOptions.defaults())) {
      assertThat(s.path()).isEqualTo(NormalizeResult.Path.UNCHANGED);
      assertThat(s.result().input().status()).isEqualTo(LoudnessStatus.BELOW_ABSOLUTE_GATE);
      assertThat(src.opens).isEqualTo(1);
      assertThat(readAll(s, 4096, 20000).frames()).isEqualTo(20000);
    }
  }

  /** A stereo sine generated on the fly: any length, no buffer. */
  static final class SineSource implements AudioSource {
    final int fs;
    final long frames;
    final double amp;

    SineSource(int fs, double seconds, double dbfs) {
      this.fs = fs;
      this.frames = Math.round(seconds * fs);
      this.amp = Math.pow(10, dbfs / 20);
    }

    @Override public MediaInfo info() {
      return new MediaInfo("synthetic", "pcm_f32", fs, ChannelLayout.STEREO, frames / (double) fs, null, false, false, 0);
    }
    @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) { return open(); }
    @Override public AudioBlockReader open() {
      return new AudioBlockReader() {
        long pos;
        // 997 Hz by rotation, re-anchored from sin/cos at every block so the error cannot grow.
        final double w = 2 * Math.PI * 997.0 / fs;
        final double cw = Math.cos(w), sw = Math.sin(w);

        @Override public int sampleRate() { return fs; }
        @Override public ChannelLayout layout() { return ChannelLayout.STEREO; }
        @Override public long framesRead() { return pos; }
        @Override public void close() {}

        @Override public int read(float[][] dst, int offset, int max) {
          int n = (int) Math.min(max, frames - pos);
          if (n <= 0) return -1;
          double ph = w * (pos % fs); // 997 whole cycles per second: the phase repeats every fs frames
          double s = Math.sin(ph), c = Math.cos(ph);
          for (int i = 0; i < n; i++) {
            float v = (float) (amp * s);
            dst[0][offset + i] = v;
            dst[1][offset + i] = v;
            double s2 = s * cw + c * sw;
            c = c * cw - s * sw;
            s = s2;
          }
          pos += n;
          return n;
        }
      };
    }
  }

  /**
   * Bytes allocated by this thread while {@code r} runs ({@code com.sun.management.ThreadMXBean},
   * reached reflectively: the module under test does not read java.management).
   */
  private static long allocated(Runnable r) throws ReflectiveOperationException {
    Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
    var m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
    long id = Thread.currentThread().threadId();
    long before = (long) m.invoke(bean, id);
    r.run();
    return (long) m.invoke(bean, id) - before;
  }

  private static NormalizeResult drain(AudioSource src, NormalizeOptions o) {
    try (NormalizeStream s = Loudness.normalizeStream(src, o)) {
      float[][] b = new float[2][8192];
      long n = 0;
      for (int k; (k = s.read(b, 0, 8192)) > 0; ) n += k;
      assertThat(n).isEqualTo(s.input().frames());
      return s.result();
    }
  }

  private static void assertBoundedMemory(double seconds, NormalizeOptions o, NormalizeResult.Path path, long maxBytes)
      throws ReflectiveOperationException {
    SineSource src = new SineSource(48000, seconds, -30);
    // Warm up classes and the JIT until a 20 s drain runs in steady state: escape analysis removes
    // the per-block temporaries (and the Vector API its boxes) only once C2 has compiled the loops.
    // Three fixed warm-ups were not enough late in the full suite, where C2's queue is long and the
    // same drains still ran in C1 (hundreds of MB of short-lived boxes). A compiled 20 s drain
    // allocates its stream's fixed buffers, 3-4 MB; one that boxes allocates about 24 B per sample
    // (~45 MB). What is measured below is the steady state; a JIT that never settles fails here.
    long warm = Long.MAX_VALUE;
    int drains = 0;
    for (; drains < 40 && warm >= 6L << 20; drains++) {
      warm = allocated(() -> drain(new SineSource(48000, 20, -30), o));
    }
    System.out.printf(java.util.Locale.ROOT, "warm-up: %d drains of 20 s, the last allocating %d kB%n", drains, warm >> 10);
    assertThat(warm).as("bytes allocated by a 20 s drain after 40 warm-ups").isLessThan(6L << 20);
    NormalizeResult[] r = new NormalizeResult[1];
    // Up to three measured runs, the smallest counts: a deoptimisation inside one long run (a path
    // the 20 s warm-ups never took, then C2 busy elsewhere) leaves it boxing until recompiled,
    // which says nothing about the stream's memory; a stream that really grows fails all three.
    long bytes = Long.MAX_VALUE;
    for (int attempt = 0; attempt < 3 && bytes >= maxBytes; attempt++) {
      bytes = Math.min(bytes, allocated(() -> r[0] = drain(src, o)));
    }
    long signal = src.frames * 2 * Float.BYTES;
    System.out.printf(java.util.Locale.ROOT, "normalize %s, %.0f s stereo 48 kHz (%d MB as float): %d kB allocated%n",
        r[0].path(), seconds, signal >> 20, bytes >> 10);
    assertThat(r[0].path()).isEqualTo(path);
    if (path == NormalizeResult.Path.LINEAR) assertThat(r[0].output().integratedLufs()).isCloseTo(o.targetLufs(), within(0.1));
    assertThat(r[0].output().truePeakDbtp()).isLessThanOrEqualTo(o.ceilingDbtp());
    assertThat(bytes).as("bytes allocated normalizing %d bytes of signal", signal).isLessThan(maxBytes);
  }

  @Test
  void stream_fiveMinutes_allocatesUnder8MB() throws ReflectiveOperationException {
    assertBoundedMemory(300, NormalizeOptions.defaults(), NormalizeResult.Path.LINEAR, 8L << 20);
  }

  @Test
  void stream_limiterPath_threeMinutes_allocatesUnder8MB() throws ReflectiveOperationException {
    // A stereo sine's true peak is 0.69 dB over its loudness: -14 LUFS under a -14 dBTP ceiling needs
    // the limiter (all its passes: the target is out of reach, the ceiling is not).
    assertBoundedMemory(180, NormalizeOptions.defaults().withTarget(-14).withCeiling(-14), NormalizeResult.Path.LIMITED, 8L << 20);
  }

  @Test
  @Tag("slow")
  void stream_thirtyMinutes_allocatesUnder8MB() throws ReflectiveOperationException {
    assertBoundedMemory(1800, NormalizeOptions.defaults(), NormalizeResult.Path.LINEAR, 8L << 20);
  }
}
