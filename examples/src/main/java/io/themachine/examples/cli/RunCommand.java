package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.job.Cancellation;
import io.themachine.core.job.Job;
import io.themachine.core.job.RunReport;
import io.themachine.core.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a pipeline over every recording; creates the library when missing. "
        + "Steps whose key already has outputs are cached, not run again.")
final class RunCommand extends LibraryCommand {
  @Option(names = "--pipeline", required = true, paramLabel = "FILE", description = "The pipeline YAML file.")
  Path pipeline;

  @Override
  public Integer call() {
    Pipeline p = Pipeline.fromYaml(pipeline);
    try (Librarian lib = openOrCreate()) {
      RunReport r = run(this, lib, p);
      return r.ok() ? TheMachine.OK : TheMachine.JOBS_FAILED;
    }
  }

  /** Runs with progress, logs and prints the report; shared with {@code demo}. */
  static RunReport run(LibraryCommand cmd, Librarian lib, Pipeline p) {
    return run(cmd, lib, p, j -> {}, true);
  }

  /** @param print whether to print the report (demo prints its own JSON document) */
  static RunReport run(LibraryCommand cmd, Librarian lib, Pipeline p, java.util.function.Consumer<Job> onJob, boolean print) {
    RunReport r;
    // Ctrl-C (or SIGTERM) cancels the run: running jobs see it, queued ones never start, and the
    // JVM waits up to 10 s for the run to record them as cancelled before it exits.
    Cancellation cancellation = Cancellation.create();
    java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
    Thread hook = new Thread(() -> {
      cancellation.cancel();
      try {
        finished.await(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "themachine-cancel");
    boolean hooked = addHook(hook);
    try (Progress progress = Progress.of(cmd.app, cmd.quiet || cmd.json)) {
      r = lib.run(p, cancellation, new io.themachine.core.job.RunListener() {
        @Override public void stepStarted(String step, int units) { progress.stepStarted(step, units); }
        @Override public void jobFinished(Job job) { progress.jobFinished(job); onJob.accept(job); }
        @Override public void stepFinished(String step) { progress.stepFinished(step); }
      });
    } finally {
      finished.countDown();
      if (hooked) removeHook(hook);
    }
    cmd.log(lib, "run pipeline=" + p.name() + " run_id=" + r.runId() + " ran=" + r.ran() + " cached=" + r.cached()
        + " failed=" + r.failed() + " cancelled=" + r.cancelled() + failedJobs(r));
    if (!print) {
      // the caller reports
    } else if (cmd.json) {
      cmd.printJson(json(p, r));
    } else {
      cmd.say("run " + p.name() + ": " + r.summary());
    }
    if (!r.ok() && (cmd.quiet || cmd.json)) {
      cmd.app.err.println("run: " + (r.failed() + r.cancelled()) + " job(s) failed or were cancelled" + failedJobs(r));
    }
    return r;
  }

  private static boolean addHook(Thread hook) {
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      return true;
    } catch (IllegalStateException e) {
      return false; // already shutting down
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // shutting down: the hook is running and returns once the run finished
    }
  }

  static Map<String, Object> json(Pipeline p, RunReport r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("pipeline", p.name());
    o.put("run", r.runId().toString());
    o.put("ran", r.ran());
    o.put("cached", r.cached());
    o.put("failed", r.failed());
    o.put("cancelled", r.cancelled());
    o.put("seconds", r.elapsed().toMillis() / 1000.0);
    o.put("failures", r.failures().stream().map(RunCommand::failure).toList());
    return o;
  }

  private static Map<String, Object> failure(Job j) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("job", j.id().toString());
    o.put("step", j.step());
    o.put("extension", j.extension());
    o.put("state", j.state().key());
    o.put("error", j.error());
    o.put("inputs", j.inputs().stream().map(Object::toString).toList());
    return o;
  }

  private static String failedJobs(RunReport r) {
    if (r.failures().isEmpty()) return "";
    return " jobs=" + String.join(",", r.failures().stream().map(j -> j.id().toString()).toList());
  }
}
