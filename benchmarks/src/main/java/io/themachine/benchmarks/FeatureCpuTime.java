package io.themachine.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * FeatureBenchmark's kernels timed by this thread's CPU time (best of {@code reps} after two
 * warm-up runs), printed as JSON lines for {@code features_peer.py --cpu}. A companion to JMH on a
 * shared, loaded machine, where wall-clock scores mostly measure the neighbours; CPU time still
 * includes cache contention, so it is a lower bound on an idle core's speed. Same signal, plans and
 * {@link FeatureBenchmark#verify() checks} as the JMH class. Usage: {@code java --add-modules
 * jdk.incubator.vector -cp benchmarks.jar io.themachine.benchmarks.FeatureCpuTime [seconds] [reps]}.
 */
public final class FeatureCpuTime {
  private FeatureCpuTime() {}

  public static void main(String[] args) {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    FeatureBenchmark b = new FeatureBenchmark();
    b.seconds = seconds;
    b.setup();
    report("stftReused", seconds, reps, b::stftReused);
    report("mel128Reused", seconds, reps, b::mel128Reused);
    report("mfcc40Reused", seconds, reps, b::mfcc40Reused);
    report("asrMel80Reused", seconds, reps, b::asrMel80Reused);
    report("tarsosFft2048", seconds, reps, b::tarsosFft2048);
    report("tarsosMfcc40", seconds, Math.max(2, reps / 2), b::tarsosMfcc40);
  }

  private static void report(String name, int seconds, int reps, Supplier<?> op) {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Object sink = null;
    for (int i = 0; i < 2; i++) sink = op.get();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      sink = op.get();
      best = Math.min(best, mx.getCurrentThreadCpuTime() - t0);
    }
    if (sink == null) throw new IllegalStateException(name + " returned nothing");
    double s = best / 1e9;
    System.out.println(String.format(Locale.ROOT, "{\"name\": \"%s\", \"cpu_seconds\": %.4f, \"realtime\": %.1f}", name, s, seconds / s));
  }
}
