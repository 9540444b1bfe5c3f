package io.themachine.benchmarks;

import io.themachine.audio.Backend;
import io.themachine.audio.separation.Centre;
import io.themachine.audio.separation.Hpss;
import io.themachine.audio.separation.Nmf;
import io.themachine.audio.separation.RepetSim;
import io.themachine.spi.audio.AudioBuffer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * {@link SeparationBenchmark}'s cases timed by this thread's CPU time (best of {@code reps} after
 * one warm-up run), as JSON lines with the real-time factor: the companion to JMH on a shared
 * machine, where wall time mostly measures the neighbours. Usage:
 * {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar io.themachine.benchmarks.SeparationCpuTime [reps] [cases]}.
 */
public final class SeparationCpuTime {
  private SeparationCpuTime() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    String cases = args.length > 1 ? args[1] : "hpss,centre,repetSim,nmf";
    AudioBuffer stereo = AudioBuffer.of(44100, SeparationBenchmark.signal(44100, 60, 0), SeparationBenchmark.signal(44100, 60, 1));
    AudioBuffer mono22 = AudioBuffer.of(22050, SeparationBenchmark.signal(22050, 30, 0));
    for (Backend b : new Backend[] {Backend.SCALAR, Backend.VECTOR}) {
      if (!b.availability().available()) continue;
      if (cases.contains("hpss")) report("hpss_60s_stereo_44k", b, 60, reps, () -> Hpss.librosa().separate(stereo, b));
      if (cases.contains("centre")) report("centre_soft_60s_stereo_44k", b, 60, reps, () -> Centre.soft().separate(stereo, b));
      if (cases.contains("repetSim")) report("repet_sim_30s_mono_22k", b, 30, Math.max(1, reps / 2), () -> RepetSim.librosa().separate(mono22, b));
      if (cases.contains("nmf")) report("nmf_r4_i50_30s_mono_22k", b, 30, Math.max(1, reps / 2), () -> Nmf.of(4).iterations(50).separate(mono22, b));
    }
  }

  private static void report(String name, Backend b, double audioSeconds, int reps, Runnable r) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long w0 = System.nanoTime();
    r.run();
    double warm = (System.nanoTime() - w0) / 1e9;
    long best = Long.MAX_VALUE, bestWall = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = mx.getCurrentThreadCpuTime(), n0 = System.nanoTime();
      r.run();
      best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
      bestWall = Math.min(bestWall, System.nanoTime() - n0);
    }
    double s = best / 1e9, w = bestWall / 1e9;
    System.out.println(String.format(Locale.ROOT,
        "{\"name\": \"%s\", \"backend\": \"%s\", \"cpu_seconds\": %.3f, \"wall_seconds\": %.3f, \"first_run_seconds\": %.3f, \"realtime_cpu\": %.1f, \"realtime_wall\": %.1f}",
        name, b.name().toLowerCase(Locale.ROOT), s, w, warm, audioSeconds / s, audioSeconds / w));
  }
}
