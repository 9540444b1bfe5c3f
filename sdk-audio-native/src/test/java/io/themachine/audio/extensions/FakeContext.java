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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** A minimal ExtensionContext per the SPI javadoc: one in-memory input, artifacts kept in memory. */
final class FakeContext<P extends Record> implements ExtensionContext<P> {
  final P params;
  final AudioBuffer audio;
  final List<Written> written = new ArrayList<>();
  double lastProgress;

  record Written(ArtifactKind kind, String ext, byte[] bytes, Map<String, Object> metrics, Map<String, String> labels) {}

  FakeContext(P params, AudioBuffer audio) {
    this.params = params;
    this.audio = audio;
  }

  @Override public P params() { return params; }

  @Override public List<InputArtifact> inputs() {
    return List.of(new InputArtifact() {
      @Override public ArtifactId id() { return ArtifactId.of("sha256:" + "ab".repeat(32)); }
      @Override public ArtifactKind kind() { return ArtifactKind.RECORDING; }
      @Override public Optional<MediaInfo> media() { return Optional.of(info()); }
      @Override public Path path() { throw new UnsupportedOperationException("no file in the fake"); }
      @Override public AudioSource audio() {
        return new AudioSource() {
          @Override public MediaInfo info() { return FakeContext.this.info(); }
          @Override public AudioBlockReader open() { return AudioBlockReader.of(audio); }
          @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
            if (sampleRate != 0 && sampleRate != audio.sampleRate()) throw new UnsupportedOperationException("fake cannot resample");
            return AudioBlockReader.of(audio);
          }
        };
      }
      @Override public Optional<String> role() { return Optional.empty(); }
    });
  }

  MediaInfo info() {
    return new MediaInfo("wav", "pcm_f32le", audio.sampleRate(), audio.layout(), audio.seconds(), audio.seconds(), false, false, 0);
  }

  @Override public ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension) {
    return new ArtifactWriter() {
      final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      final Map<String, Object> metrics = new LinkedHashMap<>();
      final Map<String, String> labels = new LinkedHashMap<>();
      boolean committed;
      @Override public Path path() { throw new UnsupportedOperationException(); }
      @Override public OutputStream stream() { return bytes; }
      @Override public void writeAudio(AudioBlockReader a, AudioEncoding e) { throw new UnsupportedOperationException(); }
      @Override public ArtifactWriter metric(String name, double value) { metrics.put(name, value); return this; }
      @Override public ArtifactWriter metricJson(String name, String json) { metrics.put(name, json); return this; }
      @Override public ArtifactWriter label(String name, String value) { labels.put(name, value); return this; }
      @Override public ArtifactId commit() {
        try {
          if (!committed) written.add(new Written(kind, fileExtension, bytes.toByteArray(), metrics, labels));
          committed = true;
          return ArtifactId.ofSha256(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
      @Override public void close() {}
    };
  }

  @Override public void metric(ArtifactId target, String name, double value) {}
  @Override public void metricJson(ArtifactId target, String name, String json) {}
  @Override public void progress(double fraction) { lastProgress = fraction; }
  @Override public boolean cancelled() { return false; }
  @Override public ComputeDevice device() { return null; }
  @Override public ExtensionLog log() {
    return new ExtensionLog() {
      @Override public void debug(String event, Object... fields) {}
      @Override public void info(String event, Object... fields) {}
      @Override public void warn(String event, Object... fields) {}
    };
  }
  @Override public Path scratch() { throw new UnsupportedOperationException(); }
  @Override public UUID jobId() { return new UUID(0, 1); }
  @Override public String stepKey() { return "0".repeat(64); }
}
