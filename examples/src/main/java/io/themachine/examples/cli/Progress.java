package io.themachine.examples.cli;

import io.themachine.core.job.Job;
import io.themachine.core.job.JobState;
import io.themachine.core.job.RunListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a run's progress on stderr: a progress bar on a terminal, one plain line per finished step
 * otherwise (CI, pipes), nothing when quiet. Thread-safe: jobs finish on worker threads.
 */
final class Progress implements RunListener, AutoCloseable {
  enum Mode { BAR, LINES, QUIET }

  private final Mode mode;
  private final PrintStream err;
  private final Map<String, int[]> counts = new LinkedHashMap<>(); // step -> {units, ran, cached, failed}
  private ProgressBar bar;
  private long total;

  Progress(Mode mode, PrintStream err) {
    this.mode = mode;
    this.err = err;
  }

  static Progress of(TheMachine app, boolean quiet) {
    return new Progress(quiet ? Mode.QUIET : app.terminal ? Mode.BAR : Mode.LINES, app.err);
  }

  @Override
  public synchronized void stepStarted(String step, int units) {
    counts.put(step, new int[] {units, 0, 0, 0});
    if (mode == Mode.BAR) {
      if (bar == null) {
        bar = new ProgressBarBuilder().setTaskName("run").setInitialMax(units).setStyle(ProgressBarStyle.ASCII)
            .setConsumer(new ConsoleProgressBarConsumer(err)).setUpdateIntervalMillis(100).hideEta().build();
      } else {
        bar.maxHint(total + units);
      }
      total += units;
      bar.setExtraMessage(step);
    }
  }

  @Override
  public synchronized void jobFinished(Job job) {
    int[] c = counts.computeIfAbsent(job.step(), k -> new int[4]);
    if (job.state() == JobState.CACHED) c[2]++;
    else if (job.state() == JobState.DONE) c[1]++;
    else c[3]++;
    if (bar != null) {
      bar.step();
      bar.setExtraMessage(job.step());
    }
  }

  @Override
  public synchronized void stepFinished(String step) {
    if (mode == Mode.LINES) {
      int[] c = counts.getOrDefault(step, new int[4]);
      err.println(String.format(Locale.ROOT, "  %-24s %d ran, %d cached, %d failed", step, c[1], c[2], c[3]));
    }
  }

  @Override
  public synchronized void close() {
    if (bar != null) {
      bar.close();
      bar = null;
    }
  }
}
