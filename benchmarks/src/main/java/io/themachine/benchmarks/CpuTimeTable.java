package io.themachine.benchmarks;

import be.tarsos.dsp.pitch.FastYin;
import io.themachine.audio.dsp.Pyin;
import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.dsp.Yin;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * The ResampleBenchmark and PitchBenchmark kernels, and FeatureBenchmark's STFT and frame
 * features, timed by this thread's CPU time (best of
 * {@code reps} after two warm-up runs), printed as JSON lines. A companion to JMH for a shared,
 * loaded machine, where wall-clock scores mostly measure the neighbours: CPU time still includes
 * cache and SMT contention, so it is a lower bound on the real-time factor of an idle core, not
 * a replacement for JMH on a quiet one. Usage: {@code java --add-modules jdk.incubator.vector -cp
 * benchmarks.jar io.themachine.benchmarks.CpuTimeTable [reps]}.
 */
public final class CpuTimeTable {
  private CpuTimeTable() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    float[] x441 = ResampleBenchmark.parity(44100, 44100 * 600);
    float[] out = new float[(int) Resampler.torchaudio(44100, 16000).outputLength(x441.length)];
    for (Resampler.Quality q : Resampler.Quality.values()) {
      Resampler.Stream s = new Resampler(44100, 16000, q).stream();
      report("resample_" + q.id() + "_reused", reps, () -> {
        s.reset();
        int w = 0;
        for (int pos = 0; pos < x441.length; pos += 4096) w += s.process(x441, pos, Math.min(4096, x441.length - pos), out, w);
        s.flush(out, w);
      });
    }
    float[] x22 = PitchBenchmark.signal(22050 * 600);
    Yin yin = Yin.librosa(22050, 65, 2093);
    Pyin pyin = Pyin.librosa(22050, 65, 2093);
    FastYin tarsos = new FastYin(22050, 2048);
    float[] frame = new float[2048];
    report("yin", reps, () -> yin.f0(x22));
    report("pyin", Math.max(2, reps / 2), () -> pyin.analyze(x22));
    // FeatureBenchmark's signal and kernels: the shared STFT alone, then all frame features in one pass
    float[] f22 = FeatureBenchmark.signal(22050, 600);
    io.themachine.audio.dsp.Stft.Plan stft = io.themachine.audio.dsp.Stft.librosa(2048).plan();
    float[] stftOut = new float[1025 * io.themachine.audio.dsp.Stft.librosa(2048).frames(f22.length)];
    io.themachine.audio.dsp.FrameFeatures.Plan features = io.themachine.audio.dsp.FrameFeatures.librosa(22050).plan();
    report("stft_2048_512_power_reused", reps, () -> stft.spectrum(f22, 2.0, stftOut));
    report("frame_features", reps, () -> features.compute(f22));
    report("tarsos_fastyin", reps, () -> {
      for (int start = 0; start + 2048 <= x22.length; start += 512) {
        System.arraycopy(x22, start, frame, 0, 2048);
        tarsos.getPitch(frame);
      }
    });
  }

  private static void report(String name, int reps, Runnable r) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 2; i++) r.run();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      r.run();
      best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
    }
    double s = best / 1e9;
    System.out.println(String.format(Locale.ROOT, "{\"name\": \"%s\", \"cpu_seconds\": %.4f, \"realtime\": %.1f}", name, s, 600 / s));
  }
}
