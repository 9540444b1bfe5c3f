package io.themachine.core.internal.exec;

import io.themachine.core.internal.privacy.SafeLog;
import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.MetricRow;
import io.themachine.core.internal.store.ContentStore;
import io.themachine.core.job.Cancellation;
import io.themachine.core.job.RunListener;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.ComputeDevice;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.ExtensionLog;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoder;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.MediaInfo;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The {@link ExtensionContext} of one job. Collects outputs and metrics until the job commits. */
final class JobContext<P extends Record> implements ExtensionContext<P> {
  private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_.-]{0,127}");
  private static final int MAX_JSON = 64 * 1024;

  private final LibraryContext lib;
  private final P params;
  private final List<InputArtifact> inputs;
  private final UUID job;
  private final String stepKey;
  private final String stepName;
  private final ComputeDevice device;
  private final Cancellation cancellation;
  private final RunListener listener;
  private final SafeLog log;
  private final Path scratch;
  private boolean scratchMade;

  /** Committed outputs, in commit order, and which of them this job created in the store. */
  final List<ArtifactRow> outputs = new ArrayList<>();
  final List<String> createdFiles = new ArrayList<>();
  final List<MetricRow> metrics = new ArrayList<>();
  private final List<ArtifactWriterImpl> open = new ArrayList<>();

  JobContext(LibraryContext lib, String extensionId, P params, List<InputArtifact> inputs, UUID job, String stepKey,
      String stepName, ComputeDevice device, Cancellation cancellation, RunListener listener) {
    this.lib = lib;
    this.params = params;
    this.inputs = List.copyOf(inputs);
    this.job = job;
    this.stepKey = stepKey;
    this.stepName = stepName;
    this.device = device;
    this.cancellation = cancellation;
    this.listener = listener;
    this.log = new SafeLog("io.themachine.ext." + extensionId, "[job " + job + "] ");
    this.scratch = lib.scratchRoot().resolve(job.toString());
  }

  @Override public P params() { return params; }

  @Override public List<InputArtifact> inputs() { return inputs; }

  @Override public ComputeDevice device() { return device; }

  @Override public ExtensionLog log() { return log; }

  @Override public UUID jobId() { return job; }

  @Override public String stepKey() { return stepKey; }

  @Override public boolean cancelled() {
    return cancellation.isCancelled() || Thread.currentThread().isInterrupted();
  }

  @Override public void progress(double fraction) {
    listener.progress(stepName, job, Math.max(0, Math.min(1, fraction)));
  }

  @Override public synchronized Path scratch() {
    if (!scratchMade) {
      try {
        Files.createDirectories(scratch);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      scratchMade = true;
    }
    return scratch;
  }

  @Override public synchronized ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension) {
    ArtifactWriterImpl w = new ArtifactWriterImpl(kind, ContentStore.extension(fileExtension));
    open.add(w);
    return w;
  }

  @Override public void metric(ArtifactId target, String name, double value) {
    addMetric(target.value(), name, Json.finiteOrNull(value), null);
  }

  @Override public void metricJson(ArtifactId target, String name, String json) {
    addMetric(target.value(), name, null, checkJson(name, json));
  }

  private synchronized void addMetric(String target, String name, Double value, String json) {
    checkName(name);
    boolean known = inputs.stream().anyMatch(i -> i.id().value().equals(target))
        || outputs.stream().anyMatch(o -> o.id().equals(target));
    if (!known) throw new IllegalArgumentException("metric '" + name + "' targets an artifact that is neither an input nor an output of this job");
    metrics.removeIf(m -> m.artifactId().equals(target) && m.name().equals(name));
    metrics.add(new MetricRow(target, name, stepKey, value, json));
  }

  private static void checkName(String name) {
    if (name == null || !METRIC.matcher(name).matches()) {
      throw new IllegalArgumentException("metric names are lower-case identifiers like 'loudness.integrated_lufs'");
    }
  }

  private static String checkJson(String name, String json) {
    if (json == null || json.length() > MAX_JSON) throw new IllegalArgumentException("metric '" + name + "': JSON must be at most 64 KiB");
    try {
      return Json.write(Json.tree(json));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("metric '" + name + "': not valid JSON");
    }
  }

  /** Discards uncommitted writers and the scratch folder. */
  synchronized void cleanUp() {
    for (ArtifactWriterImpl w : open) w.close();
    open.clear();
    if (scratchMade) {
      try (var s = Files.walk(scratch)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // left for the next recovery sweep
      }
    }
  }

  private final class ArtifactWriterImpl implements ArtifactWriter {
    private final ArtifactKind kind;
    private final String ext;
    private final Path temp;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<Object[]> pendingMetrics = new ArrayList<>();
    private OutputStream stream;
    private ArtifactId committed;
    private boolean closed;
    private boolean audio;

    ArtifactWriterImpl(ArtifactKind kind, String ext) {
      this.kind = kind;
      this.ext = ext;
      this.temp = lib.store().tmpDir().resolve(UUID.randomUUID() + "." + ext);
    }

    private void checkOpen() {
      if (closed || committed != null) throw new IllegalStateException("artifact writer already committed or closed");
    }

    @Override public Path path() {
      checkOpen();
      return temp;
    }

    @Override public OutputStream stream() {
      checkOpen();
      if (stream == null) {
        try {
          stream = new BufferedOutputStream(lib.store().io().create(temp), 1 << 16);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return stream;
    }

    @Override public void writeAudio(AudioBlockReader audioIn, AudioEncoding encoding) {
      checkOpen();
      AudioEncoder enc = lib.media().encoder().orElseThrow(() ->
          new ExtensionException("no audio encoder available: " + lib.media().unavailableReason()));
      enc.encode(audioIn, encoding, temp, "job " + job);
      audio = true;
    }

    @Override public ArtifactWriter metric(String name, double value) {
      checkOpen();
      checkName(name);
      pendingMetrics.add(new Object[] {name, Json.finiteOrNull(value), null});
      return this;
    }

    @Override public ArtifactWriter metricJson(String name, String json) {
      checkOpen();
      checkName(name);
      pendingMetrics.add(new Object[] {name, null, checkJson(name, json)});
      return this;
    }

    @Override public ArtifactWriter label(String name, String value) {
      checkOpen();
      checkName(name);
      if (value == null || value.length() > 64 || !value.matches("[A-Za-z0-9_.:+-]*")) {
        throw new IllegalArgumentException("label '" + name + "': values are short identifiers (letters, digits, _.:+-)");
      }
      labels.put(name, value);
      return this;
    }

    @Override public ArtifactId commit() {
      synchronized (JobContext.this) {
        if (committed != null) return committed;
        if (closed) throw new IllegalStateException("artifact writer closed before commit");
        try {
          if (stream != null) stream.close();
          if (!Files.exists(temp)) throw new ExtensionException("artifact committed without any bytes written");
          ContentStore.Put put = lib.store().adopt(temp, ext);
          if (put.created()) createdFiles.add(put.relativePath());
          MediaInfo media = null;
          if (audio || kind.isAudio()) media = probeQuietly(put.relativePath(), put.id());
          outputs.add(new ArtifactRow(put.id().value(), kind.name(), put.relativePath(), put.size(), Json.media(media),
              labels.isEmpty() ? null : Json.write(new java.util.TreeMap<>(labels)), job.toString(),
              System.currentTimeMillis()));
          committed = put.id();
          for (Object[] m : pendingMetrics) addMetric(committed.value(), (String) m[0], (Double) m[1], (String) m[2]);
          return committed;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } finally {
          open.remove(this);
        }
      }
    }

    private MediaInfo probeQuietly(String rel, ArtifactId id) {
      return lib.media().probe().map(p -> {
        try {
          return p.probe(lib.store().resolve(rel), id.value());
        } catch (RuntimeException e) {
          log.warn("output_probe_failed", "artifact", id);
          return null;
        }
      }).orElse(null);
    }

    @Override public void close() {
      if (closed) return;
      closed = true;
      if (committed == null) {
        try {
          if (stream != null) stream.close();
        } catch (IOException ignored) {
          // discarded anyway
        }
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // swept by the next recovery
        }
      }
    }
  }

  /** An input as extensions see it. */
  record Input(ArtifactId id, ArtifactKind kind, MediaInfo mediaInfo, Path path, String roleName, LibraryContext lib)
      implements InputArtifact {
    @Override public Optional<MediaInfo> media() { return Optional.ofNullable(mediaInfo); }

    @Override public Optional<String> role() { return Optional.ofNullable(roleName); }

    @Override public AudioSource audio() {
      return lib.media().decoder().map(d -> d.open(path, id.value())).orElseThrow(() ->
          new ExtensionException("no audio decoder available for " + id.shortForm() + ": " + lib.media().unavailableReason()));
    }

    @Override public String toString() {
      return "Input[" + id.shortForm() + ", " + kind + (roleName != null ? ", " + roleName : "") + "]";
    }
  }
}
