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
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.io.ByteArrayOutputStream;

/**
 * An in-memory {@link ExtensionContext} for extension tests, following the SPI javadoc: one input
 * whose audio is an {@link AudioBuffer}; metrics on the input land in maps; each artifact keeps its
 * bytes, metrics, labels and (for {@code writeAudio}) its audio; the log rejects anything but
 * numbers, booleans, enums, ids and UUIDs, as the real PII-free log does.
 */
final class MemoryContext<P extends Record> implements ExtensionContext<P> {
  static final ArtifactId INPUT_ID = ArtifactId.of("sha256:" + "ab".repeat(32));
  static final ArtifactId OUTPUT_ID = ArtifactId.of("sha256:" + "cd".repeat(32));

  final P params;
  final AudioBuffer audio;
  final Map<String, Double> inputMetrics = new LinkedHashMap<>();
  final Map<String, String> inputJson = new LinkedHashMap<>();
  final List<Writer> writers = new ArrayList<>();
  final List<String> logEvents = new ArrayList<>();
  double progress;
  /** When set, {@code readAll} on the source or its readers throws: the extension must stream. */
  boolean refuseReadAll;
  /** When positive, reads return at most this many frames. */
  int maxBlock;

  MemoryContext(P params, AudioBuffer audio) {
    this.params = params;
    this.audio = audio;
  }

  @Override public P params() { return params; }

  @Override public List<InputArtifact> inputs() {
    return List.of(new InputArtifact() {
      @Override public ArtifactId id() { return INPUT_ID; }
      @Override public ArtifactKind kind() { return ArtifactKind.RECORDING; }
      @Override public Optional<MediaInfo> media() {
        return Optional.of(new MediaInfo("wav", "pcm_f32le", audio.sampleRate(), audio.layout(), audio.seconds(), audio.seconds(), false, false, 0));
      }
      @Override public Path path() { throw new UnsupportedOperationException("extensions here must stream audio, not read paths"); }
      @Override public AudioSource audio() {
        return new AudioSource() {
          @Override public MediaInfo info() { return media().orElseThrow(); }
          @Override public AudioBlockReader open() {
            AudioBlockReader r = AudioBlockReader.of(audio);
            return refuseReadAll || maxBlock > 0 ? new StreamOnlyReader(r) : r;
          }
          @Override public io.themachine.spi.audio.AudioBuffer readAll(double maxSeconds) {
            if (refuseReadAll) throw new AssertionError("AudioSource.readAll called");
            return AudioSource.super.readAll(maxSeconds);
          }
          @Override public AudioBlockReader open(int sampleRate, ChannelLayout layout) {
            if ((sampleRate != 0 && sampleRate != audio.sampleRate()) || (layout != null && !layout.equals(audio.layout()))) {
              throw new UnsupportedOperationException("the in-memory source does not resample");
            }
            return open();
          }
        };
      }
      @Override public Optional<String> role() { return Optional.empty(); }
    });
  }

  @Override public ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension) {
    Writer w = new Writer(kind, fileExtension);
    writers.add(w);
    return w;
  }

  @Override public void metric(ArtifactId target, String name, double value) {
    if (!target.equals(INPUT_ID)) throw new IllegalArgumentException("unknown target");
    inputMetrics.put(name, value);
  }

  @Override public void metricJson(ArtifactId target, String name, String json) {
    if (json.length() > 65536) throw new IllegalArgumentException("metric JSON over 64 KiB");
    inputJson.put(name, json);
  }

  @Override public void progress(double fraction) { progress = fraction; }

  @Override public boolean cancelled() { return false; }

  @Override public ComputeDevice device() { return ComputeDevice.CPU; }

  @Override public ExtensionLog log() {
    return new ExtensionLog() {
      private void record(String event, Object... fields) {
        for (int i = 1; i < fields.length; i += 2) {
          Object v = fields[i];
          if (!(v == null || v instanceof Number || v instanceof Boolean || v instanceof Enum<?> || v instanceof ArtifactId || v instanceof UUID)) {
            throw new IllegalArgumentException("log field " + fields[i - 1] + " is not PII-safe");
          }
        }
        logEvents.add(event);
      }
      @Override public void debug(String event, Object... fields) { record(event, fields); }
      @Override public void info(String event, Object... fields) { record(event, fields); }
      @Override public void warn(String event, Object... fields) { record(event, fields); }
    };
  }

  @Override public Path scratch() { throw new UnsupportedOperationException(); }

  @Override public UUID jobId() { return new UUID(1, 2); }

  @Override public String stepKey() { return "0".repeat(64); }

  /** Captures what an extension writes into one artifact. */
  static final class Writer implements ArtifactWriter {
    final ArtifactKind kind;
    final String extension;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final Map<String, Double> metrics = new LinkedHashMap<>();
    final Map<String, String> json = new LinkedHashMap<>();
    final Map<String, String> labels = new LinkedHashMap<>();
    AudioBuffer audio;
    AudioEncoding encoding;
    boolean committed;

    Writer(ArtifactKind kind, String extension) {
      this.kind = kind;
      this.extension = extension;
    }

    @Override public Path path() { throw new UnsupportedOperationException("in-memory writer"); }
    @Override public OutputStream stream() { return bytes; }
    @Override public void writeAudio(AudioBlockReader in, AudioEncoding enc) {
      audio = in.readAll(Integer.MAX_VALUE - 8);
      encoding = enc;
    }
    @Override public ArtifactWriter metric(String name, double value) { metrics.put(name, value); return this; }
    @Override public ArtifactWriter metricJson(String name, String j) { json.put(name, j); return this; }
    @Override public ArtifactWriter label(String name, String value) { labels.put(name, value); return this; }
    @Override public ArtifactId commit() { committed = true; return OUTPUT_ID; }
    @Override public void close() {}
  }

  /** A reader that refuses {@code readAll} (when asked) and returns short blocks. */
  private final class StreamOnlyReader implements AudioBlockReader {
    private final AudioBlockReader in;

    StreamOnlyReader(AudioBlockReader in) {
      this.in = in;
    }

    @Override public int sampleRate() { return in.sampleRate(); }
    @Override public ChannelLayout layout() { return in.layout(); }
    @Override public int read(float[][] dst, int offset, int maxFrames) {
      return in.read(dst, offset, maxBlock > 0 ? Math.min(maxBlock, maxFrames) : maxFrames);
    }
    @Override public long framesRead() { return in.framesRead(); }
    @Override public void close() { in.close(); }
    @Override public io.themachine.spi.audio.AudioBuffer readAll(int maxFrames) {
      if (refuseReadAll) throw new AssertionError("AudioBlockReader.readAll called");
      return AudioBlockReader.super.readAll(maxFrames);
    }
  }
}
