package io.themachine.audio.extensions;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.ComputeDevice;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionLog;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A small in-memory {@link ExtensionContext} following the SPI javadoc: one input whose audio is an
 * {@link AudioBuffer}, artifacts captured as bytes (and decoded audio for {@code writeAudio}), a
 * log that rejects strings as the real one does.
 */
final class PitchFakeContext<P extends Record> implements ExtensionContext<P> {
  static final ArtifactId INPUT_ID = ArtifactId.of("sha256:" + "ab".repeat(32));

  private final P params;
  private final AudioBuffer audio;
  final List<Written> written = new ArrayList<>();
  final List<String> logEvents = new ArrayList<>();

  PitchFakeContext(P params, AudioBuffer audio) {
    this.params = params;
    this.audio = audio;
  }

  /** One artifact as the extension left it. */
  static final class Written implements ArtifactWriter {
    final ArtifactKind kind;
    final String extension;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Map<String, Object> metrics = new LinkedHashMap<>();
    final Map<String, String> labels = new LinkedHashMap<>();
    AudioBuffer audio;
    AudioEncoding encoding;
    boolean committed;

    Written(ArtifactKind kind, String extension) {
      this.kind = kind;
      this.extension = extension;
    }

    @Override public Path path() { throw new UnsupportedOperationException("in-memory writer"); }
    @Override public OutputStream stream() { return bytes; }
    @Override public void writeAudio(AudioBlockReader in, AudioEncoding enc) {
      this.encoding = enc;
      this.audio = in.readAll(Integer.MAX_VALUE - 8);
    }
    @Override public ArtifactWriter metric(String name, double value) { metrics.put(name, value); return this; }
    @Override public ArtifactWriter metricJson(String name, String json) { metrics.put(name, json); return this; }
    @Override public ArtifactWriter label(String name, String value) { labels.put(name, value); return this; }
    @Override public ArtifactId commit() { committed = true; return ArtifactId.of("sha256:" + "cd".repeat(32)); }
    @Override public void close() {}
  }

  @Override public P params() { return params; }

  @Override public List<InputArtifact> inputs() {
    return List.of(new InputArtifact() {
      @Override public ArtifactId id() { return INPUT_ID; }
      @Override public ArtifactKind kind() { return ArtifactKind.AUDIO; }
      @Override public Optional<MediaInfo> media() { return Optional.empty(); }
      @Override public Path path() { throw new UnsupportedOperationException("no file in the fake"); }
      @Override public Optional<String> role() { return Optional.empty(); }
      @Override public AudioSource audio() {
        return new AudioSource() {
          @Override public MediaInfo info() { throw new UnsupportedOperationException(); }
          @Override public AudioBlockReader open() { return AudioBlockReader.of(audio); }
          @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
            throw new UnsupportedOperationException("extensions here resample themselves");
          }
        };
      }
    });
  }

  @Override public ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension) {
    Written w = new Written(kind, fileExtension);
    written.add(w);
    return w;
  }

  @Override public void metric(ArtifactId target, String name, double value) {}
  @Override public void metricJson(ArtifactId target, String name, String json) {}
  @Override public void progress(double fraction) {}
  @Override public boolean cancelled() { return false; }
  @Override public ComputeDevice device() { return ComputeDevice.CPU; }
  @Override public Path scratch() { throw new UnsupportedOperationException(); }
  @Override public UUID jobId() { return new UUID(0, 1); }
  @Override public String stepKey() { return "0".repeat(64); }

  @Override public ExtensionLog log() {
    return new ExtensionLog() {
      @Override public void debug(String event, Object... fields) { record(event, fields); }
      @Override public void info(String event, Object... fields) { record(event, fields); }
      @Override public void warn(String event, Object... fields) { record(event, fields); }

      private void record(String event, Object... fields) {
        for (int i = 1; i < fields.length; i += 2) {
          Object v = fields[i];
          if (!(v instanceof Number || v instanceof Boolean || v instanceof Enum<?> || v instanceof ArtifactId || v instanceof UUID)) {
            throw new IllegalArgumentException("log field " + fields[i - 1] + " is not PII-safe");
          }
        }
        logEvents.add(event);
      }
    };
  }
}
