package io.themachine.audio.extensions;

import io.themachine.audio.AudioFiles;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.ComputeDevice;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionLog;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.MediaInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A minimal in-test librarian: one input, artifacts in a scratch folder, metrics and logs in maps. */
final class FakeContext<P extends Record> implements ExtensionContext<P> {
  final P params;
  final Path scratch;
  final Input input;
  final Map<String, Object> metrics = new LinkedHashMap<>();
  final List<Writer> artifacts = new ArrayList<>();
  final List<String> logLines = new ArrayList<>();

  FakeContext(P params, Path file, Path scratch) throws IOException {
    this.params = params;
    this.scratch = scratch;
    this.input = new Input(idOf(file), file);
  }

  static ArtifactId idOf(Path file) throws IOException {
    try {
      return ArtifactId.ofSha256(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  record Input(ArtifactId id, Path path) implements InputArtifact {
    @Override public ArtifactKind kind() { return ArtifactKind.RECORDING; }
    @Override public Optional<MediaInfo> media() { return Optional.empty(); }
    @Override public AudioSource audio() { return AudioFiles.open(path, id.toString()); }
    @Override public Optional<String> role() { return Optional.empty(); }
  }

  final class Writer implements ArtifactWriter {
    final ArtifactKind kind;
    final Path path;
    final Map<String, Object> metrics = new LinkedHashMap<>();
    final Map<String, String> labels = new LinkedHashMap<>();
    ArtifactId committed;

    Writer(ArtifactKind kind, String ext) {
      this.kind = kind;
      this.path = scratch.resolve("artifact-" + artifacts.size() + "." + ext);
    }

    @Override public Path path() { return path; }

    @Override public OutputStream stream() {
      try {
        return Files.newOutputStream(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public void writeAudio(AudioBlockReader audio, AudioEncoding encoding) {
      AudioFiles.encode(audio, encoding, path);
    }

    @Override public ArtifactWriter metric(String name, double value) {
      metrics.put(name, value);
      return this;
    }

    @Override public ArtifactWriter metricJson(String name, String json) {
      metrics.put(name, json);
      return this;
    }

    @Override public ArtifactWriter label(String name, String value) {
      labels.put(name, value);
      return this;
    }

    @Override public ArtifactId commit() {
      try {
        if (committed == null) committed = idOf(path);
        return committed;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public void close() {}
  }

  @Override public P params() { return params; }
  @Override public List<InputArtifact> inputs() { return List.of(input); }

  @Override public ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension) {
    Writer w = new Writer(kind, fileExtension);
    artifacts.add(w);
    return w;
  }

  @Override public void metric(ArtifactId target, String name, double value) {
    metrics.put(target + " " + name, value);
  }

  @Override public void metricJson(ArtifactId target, String name, String json) {
    metrics.put(target + " " + name, json);
  }

  @Override public void progress(double fraction) {}
  @Override public boolean cancelled() { return false; }
  @Override public ComputeDevice device() { return ComputeDevice.CPU; }

  /** Enforces the {@link ExtensionLog} contract: values must be numbers, booleans, enums, ids or UUIDs. */
  @Override public ExtensionLog log() {
    return new ExtensionLog() {
      void line(String level, String event, Object... f) {
        StringBuilder b = new StringBuilder(level).append(' ').append(event);
        for (int i = 0; i + 1 < f.length; i += 2) {
          Object v = f[i + 1];
          if (!(v instanceof Number || v instanceof Boolean || v instanceof Enum<?> || v instanceof ArtifactId || v instanceof UUID)) {
            throw new IllegalArgumentException("log field " + f[i] + " has a disallowed type " + v.getClass().getSimpleName());
          }
          b.append(' ').append(f[i]).append('=').append(v);
        }
        logLines.add(b.toString());
      }

      @Override public void debug(String event, Object... fields) { line("DEBUG", event, fields); }
      @Override public void info(String event, Object... fields) { line("INFO", event, fields); }
      @Override public void warn(String event, Object... fields) { line("WARN", event, fields); }
    };
  }

  @Override public Path scratch() { return scratch; }
  @Override public UUID jobId() { return new UUID(0x0190_0000_0000_7000L, 0x8000_0000_0000_0001L); }
  @Override public String stepKey() { return "0".repeat(64); }
}
