package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.internal.privacy.SafeLog;
import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.JobRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.registry.Rows.StepCommit;
import io.themachine.core.internal.registry.Rows.StepRow;
import io.themachine.core.job.Cancellation;
import io.themachine.core.job.Job;
import io.themachine.core.job.JobState;
import io.themachine.core.job.RunListener;
import io.themachine.core.job.RunReport;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Availability;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.InputArtifact;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a validated pipeline step by step: each step over every unit of its scope (recording, call
 * group, library), at most {@code parallelism} jobs at once, then the next step. A job whose step
 * key already has outputs in the registry and store is recorded as cached and not run. A job's
 * outputs and metrics are recorded in one registry transaction after its files are in the store,
 * so a process killed at any point leaves either a finished step or nothing visible; the next run
 * finishes only what is missing.
 */
public final class PipelineRunner {
  private static final SafeLog LOG = new SafeLog("io.themachine.core.run", "");

  private final LibraryContext lib;

  public PipelineRunner(LibraryContext lib) {
    this.lib = lib;
  }

  /** A pipeline step resolved against the catalog, with bound parameters. */
  public record PlannedStep(Step step, Extension<?> extension, Record params, String canonicalParams) {
    Descriptor<?> descriptor() {
      return extension.descriptor();
    }
  }

  /** Checks every step before anything runs; errors name the step and the field. */
  public List<PlannedStep> plan(Pipeline p) {
    List<PlannedStep> out = new ArrayList<>();
    Set<String> names = new java.util.HashSet<>();
    for (Step s : p.steps()) {
      Extension<?> ext = lib.extensions().find(s.use()).orElseThrow(() -> PipelineYaml.bad(
          "step '" + s.name() + "': unknown extension '" + s.use() + "' (known: "
              + String.join(", ", lib.extensions().all().stream().map(e -> e.descriptor().id()).toList()) + ")"));
      if (s.input() != null && !s.input().equals("recording") && !names.contains(s.input())) {
        throw PipelineYaml.bad("step '" + s.name() + "', field 'input': '" + s.input()
            + "' is not an earlier step (or 'recording')");
      }
      if (s.input() != null && !s.input().equals("recording")) {
        PlannedStep src = out.stream().filter(o -> o.step().name().equals(s.input())).findFirst().orElseThrow();
        if (src.descriptor().produces().isEmpty()) {
          throw PipelineYaml.bad("step '" + s.name() + "', field 'input': step '" + s.input()
              + "' produces no artifacts (it only attaches metrics); read from the step before it");
        }
      }
      if (!names.add(s.name())) throw PipelineYaml.bad("step '" + s.name() + "' appears twice; give one a 'name:'");
      Record params = ParamBinder.bind(ext.descriptor(), s.with(), s.name());
      out.add(new PlannedStep(s, ext, params, ParamBinder.canonical(params)));
    }
    return out;
  }

  /** An input artifact as the runner tracks it. */
  private record Ref(ArtifactId id, ArtifactKind kind, String path, String media, String role) {}

  /** One unit of work of one step: a recording (or one of its artifacts), a call group, the library. */
  private record Unit(List<Ref> inputs, List<String> recordings) {}

  public RunReport run(Pipeline pipeline, List<PlannedStep> plan, Cancellation cancel, RunListener listener) {
    long t0 = System.nanoTime();
    UUID runId = Uuid7.next();
    String pipelineHash = StepKeys.key("pipeline", "1", Json.canonical(
        plan.stream().map(ps -> Map.of("name", ps.step().name(), "use", ps.step().use(), "params", Json.tree(ps.canonicalParams()),
            "input", String.valueOf(ps.step().input()))).toList()), List.of(), Map.of());
    lib.registry().insertRun(runId.toString(), pipelineHash, System.currentTimeMillis());
    LOG.info("run_started", "run", runId, "steps", plan.size());

    List<RecordingRow> recordings = lib.registry().recordings();
    // Per recording: what each step produced (or passed through), in step order.
    Map<String, LinkedHashMap<String, List<Ref>>> chains = new HashMap<>();
    Map<String, Ref> recordingRefs = new LinkedHashMap<>();
    for (RecordingRow r : recordings) {
      ArtifactRow a = lib.registry().artifact(r.artifactId()).orElseThrow();
      recordingRefs.put(r.artifactId(), new Ref(ArtifactId.of(a.id()), ArtifactKind.RECORDING, a.path(), a.media(), r.role()));
      chains.put(r.artifactId(), new LinkedHashMap<>());
    }

    AtomicInteger ran = new AtomicInteger(), cached = new AtomicInteger(), failed = new AtomicInteger(), cancelled = new AtomicInteger();
    List<Job> failures = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(lib.options().parallelism(), r -> {
      Thread t = new Thread(r, "themachine-job");
      t.setDaemon(true);
      return t;
    });
    try {
      for (PlannedStep ps : plan) {
        List<Unit> units = units(ps, recordings, recordingRefs, chains);
        listener.stepStarted(ps.step().name(), units.size());
        Availability avail = safeAvailability(ps.extension());
        List<Future<Job>> futures = new ArrayList<>();
        for (Unit u : units) {
          futures.add(pool.submit(() -> runUnit(runId, pipeline, ps, u, avail, cancel, listener)));
        }
        for (int i = 0; i < futures.size(); i++) {
          Job j;
          try {
            j = futures.get(i).get();
          } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof LibrarianException le) throw le;
            throw new LibrarianException(Reason.IO, "a job failed outside its extension: " + Errors.describe(c), c);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
            throw new LibrarianException(Reason.IO, "interrupted while waiting for jobs");
          }
          switch (j.state()) {
            case DONE -> ran.incrementAndGet();
            case CACHED -> cached.incrementAndGet();
            case CANCELLED -> cancelled.incrementAndGet();
            default -> {
              failed.incrementAndGet();
              failures.add(j);
            }
          }
          listener.jobFinished(j);
          // Record what this step produced for each recording, for the next steps to read.
          List<Ref> outs = new ArrayList<>();
          for (ArtifactId id : j.outputs()) {
            ArtifactRow a = lib.registry().artifact(id.value()).orElseThrow();
            outs.add(new Ref(id, ArtifactKind.of(a.kind()), a.path(), a.media(), null));
          }
          Unit u = units.get(i);
          for (String rec : u.recordings()) {
            var chain = chains.get(rec);
            List<Ref> prior = chain.getOrDefault(ps.step().name(), new ArrayList<>());
            if (j.state() == JobState.DONE || j.state() == JobState.CACHED) {
              prior.addAll(outs);
            }
            chain.put(ps.step().name(), prior);
          }
        }
        listener.stepFinished(ps.step().name());
      }
    } finally {
      pool.shutdownNow();
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
    String counts = Json.write(Map.of("ran", ran.get(), "cached", cached.get(), "failed", failed.get(), "cancelled", cancelled.get()));
    String state = cancelled.get() > 0 ? "cancelled" : failed.get() > 0 ? "failed" : "done";
    lib.registry().finishRun(runId.toString(), state, counts, System.currentTimeMillis());
    LOG.info("run_finished", "run", runId, "ran", ran.get(), "cached", cached.get(), "failed", failed.get(),
        "cancelled", cancelled.get());
    return new RunReport(runId, ran.get(), cached.get(), failed.get(), cancelled.get(), failures, elapsed);
  }

  private static Availability safeAvailability(Extension<?> e) {
    try {
      return e.availability();
    } catch (RuntimeException | LinkageError ex) {
      return Availability.unavailable("availability probe threw " + ex.getClass().getSimpleName());
    }
  }

  private static boolean accepts(Set<ArtifactKind> consumes, ArtifactKind kind) {
    return consumes.isEmpty() || consumes.contains(kind)
        || (kind.equals(ArtifactKind.RECORDING) && consumes.contains(ArtifactKind.AUDIO));
  }

  /** The inputs of step {@code ps} for one recording: see {@link io.themachine.core.pipeline.Step}. */
  private List<Ref> resolve(PlannedStep ps, Ref recording, LinkedHashMap<String, List<Ref>> chain) {
    Set<ArtifactKind> consumes = ps.descriptor().consumes();
    String from = ps.step().input();
    if ("recording".equals(from)) return accepts(consumes, ArtifactKind.RECORDING) ? List.of(recording) : List.of();
    if (from != null) {
      List<Ref> outs = chain.getOrDefault(from, List.of());
      return outs.stream().filter(r -> accepts(consumes, r.kind())).toList();
    }
    List<String> earlier = new ArrayList<>(chain.keySet());
    for (int i = earlier.size() - 1; i >= 0; i--) {
      List<Ref> outs = chain.get(earlier.get(i)).stream().filter(r -> accepts(consumes, r.kind())).toList();
      if (!outs.isEmpty()) return outs;
    }
    return accepts(consumes, ArtifactKind.RECORDING) ? List.of(recording) : List.of();
  }

  private List<Unit> units(PlannedStep ps, List<RecordingRow> recordings, Map<String, Ref> refs,
      Map<String, LinkedHashMap<String, List<Ref>>> chains) {
    List<Unit> units = new ArrayList<>();
    switch (ps.descriptor().scope()) {
      case RECORDING -> {
        for (RecordingRow r : recordings) {
          for (Ref in : resolve(ps, refs.get(r.artifactId()), chains.get(r.artifactId()))) {
            units.add(new Unit(List.of(in), List.of(r.artifactId())));
          }
        }
      }
      case CALL_GROUP -> {
        Map<String, List<RecordingRow>> groups = new LinkedHashMap<>();
        for (RecordingRow r : recordings) {
          if (r.groupId() != null) groups.computeIfAbsent(r.groupId(), k -> new ArrayList<>()).add(r);
        }
        for (List<RecordingRow> members : groups.values()) {
          members.sort(java.util.Comparator.comparing(m -> String.valueOf(m.role())));
          List<Ref> ins = new ArrayList<>();
          for (RecordingRow m : members) {
            for (Ref in : resolve(ps, refs.get(m.artifactId()), chains.get(m.artifactId()))) {
              ins.add(new Ref(in.id(), in.kind(), in.path(), in.media(), m.role()));
            }
          }
          if (!ins.isEmpty()) units.add(new Unit(ins, members.stream().map(RecordingRow::artifactId).toList()));
        }
      }
      case LIBRARY -> {
        List<Ref> ins = new ArrayList<>();
        for (RecordingRow r : recordings) ins.addAll(resolve(ps, refs.get(r.artifactId()), chains.get(r.artifactId())));
        units.add(new Unit(ins, List.of()));
      }
    }
    return units;
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private Job runUnit(UUID runId, Pipeline pipeline, PlannedStep ps, Unit u, Availability avail, Cancellation cancel,
      RunListener listener) {
    Descriptor<?> d = ps.descriptor();
    List<String> inputIds = u.inputs().stream().map(r -> r.id().value()).toList();
    java.util.Map<String, String> tools;
    try {
      tools = ps.extension().toolVersions();
    } catch (RuntimeException | LinkageError e) {
      tools = Map.of("error", e.getClass().getSimpleName());
    }
    String key = StepKeys.key(d.id(), d.version().toString(), ps.canonicalParams(), inputIds, tools);
    List<ArtifactId> inputs = u.inputs().stream().map(Ref::id).toList();
    UUID job = Uuid7.next();
    long now = System.currentTimeMillis();
    JobRow row = new JobRow(job.toString(), runId.toString(), ps.step().name(), d.id(), d.version().toString(),
        ps.canonicalParams(), key, Json.write(inputIds), JobState.QUEUED.key(), now, null, null, null);

    // Cached: a finished step with this key whose outputs are all still in the store.
    var step = lib.registry().step(key);
    if (step.isPresent()) {
      List<String> outs = lib.registry().stepOutputs(key);
      boolean complete = outs.stream().allMatch(id -> lib.registry().artifact(id).map(a -> lib.store().exists(a.path())).orElse(false));
      if (complete) {
        lib.registry().insertJobs(List.of(withState(row, JobState.CACHED, now)));
        return new Job(job, ps.step().name(), d.id(), JobState.CACHED, Duration.ZERO, null, inputs,
            outs.stream().map(ArtifactId::of).toList());
      }
    }
    if (cancel.isCancelled()) {
      lib.registry().insertJobs(List.of(withState(row, JobState.CANCELLED, now)));
      return new Job(job, ps.step().name(), d.id(), JobState.CANCELLED, Duration.ZERO, "cancelled before it started", inputs, List.of());
    }
    if (!avail.available()) {
      String err = d.id() + " is unavailable: " + avail.reason();
      lib.registry().insertJobs(List.of(new JobRow(row.id(), row.runId(), row.stepName(), row.extension(), row.version(),
          row.params(), row.stepKey(), row.inputs(), JobState.FAILED.key(), now, now, now, err)));
      return new Job(job, ps.step().name(), d.id(), JobState.FAILED, Duration.ZERO, err, inputs, List.of());
    }
    lib.registry().insertJobs(List.of(row));
    long t0 = System.nanoTime();
    lib.registry().startJob(job.toString(), System.currentTimeMillis());
    List<InputArtifact> ins = new ArrayList<>();
    for (Ref r : u.inputs()) {
      ins.add(new JobContext.Input(r.id(), r.kind(), Json.media(r.media()), lib.store().resolve(r.path()), r.role(), lib));
    }
    JobContext ctx = new JobContext(lib, d.id(), ps.params(), ins, job, key, ps.step().name(), pipeline.device(), cancel, listener);
    try {
      ((Extension) ps.extension()).run(ctx);
      if (ctx.cancelled()) throw new CancellationException("run cancelled");
      List<String[]> parents = new ArrayList<>();
      for (ArtifactRow out : (List<ArtifactRow>) ctx.outputs) {
        for (String in : inputIds) parents.add(new String[] {out.id(), in});
      }
      lib.registry().commitStep(new StepCommit(
          new StepRow(key, job.toString(), d.id(), d.version().toString(), ps.canonicalParams(), Json.canonical(tools),
              System.currentTimeMillis()),
          ctx.outputs, parents, ctx.metrics), JobState.DONE.key(), System.currentTimeMillis());
      List<ArtifactId> outs = ((List<ArtifactRow>) ctx.outputs).stream().map(a -> ArtifactId.of(a.id())).toList();
      return new Job(job, ps.step().name(), d.id(), JobState.DONE, Duration.ofNanos(System.nanoTime() - t0), null, inputs, outs);
    } catch (Throwable t) {
      undoFiles(ctx);
      boolean wasCancelled = t instanceof CancellationException || (t instanceof InterruptedException) || ctx.cancelled();
      JobState state = wasCancelled ? JobState.CANCELLED : JobState.FAILED;
      String err = wasCancelled ? "cancelled" : Errors.describe(t);
      lib.registry().finishJob(job.toString(), state.key(), System.currentTimeMillis(), err);
      LOG.warn(wasCancelled ? "job_cancelled" : "job_failed", "job", job);
      if (Errors.isDiskFull(t)) {
        throw new LibrarianException(Reason.DISK_FULL, "the disk is full: job " + job + " (step '" + ps.step().name()
            + "') failed and kept nothing partial");
      }
      if (t instanceof Error e && !(t instanceof LinkageError) && !(t instanceof StackOverflowError)) throw e;
      return new Job(job, ps.step().name(), d.id(), state, Duration.ofNanos(System.nanoTime() - t0), err, inputs, List.of());
    } finally {
      ctx.cleanUp();
    }
  }

  /** Removes store files this job created that no registry row references (its outputs never committed). */
  private void undoFiles(JobContext<?> ctx) {
    for (String rel : ctx.createdFiles) {
      try {
        if (!lib.registry().isReferenced(io.themachine.core.internal.store.ContentStore.idOf(rel).value())) {
          lib.store().delete(rel);
        }
      } catch (Exception ignored) {
        // the next recovery sweep removes it
      }
    }
  }

  private static JobRow withState(JobRow r, JobState s, long at) {
    return new JobRow(r.id(), r.runId(), r.stepName(), r.extension(), r.version(), r.params(), r.stepKey(), r.inputs(),
        s.key(), at, at, at, null);
  }
}
