package io.themachine.audio.extensions;

import io.themachine.audio.dsp.FeatureMatrix;
import io.themachine.audio.internal.npy.NpyWriter;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.MediaInfo;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the feature extensions share: reading audio in blocks and storing a float32 .npy with its parameters. */
final class FeatureArtifacts {
  private FeatureArtifacts() {}

  static final int BLOCK = 16384;

  /** Receives the planar blocks of one recording. */
  interface BlockSink {
    void block(float[][] planar, int n);
  }

  /**
   * Opens the input at {@code sampleRate} (0: its own rate), tells {@code start} the rate and the
   * channel count, then streams every block to the sink it returned, checking for cancellation.
   */
  static void read(ExtensionContext<?> ctx, int sampleRate, java.util.function.BiFunction<Integer, Integer, BlockSink> start) {
    InputArtifact in = ctx.input();
    AudioSource src = in.audio();
    double seconds = 0;
    try {
      MediaInfo info = src.info();
      Double s = info == null ? null : (info.decodedSeconds() != null ? info.decodedSeconds() : info.declaredSeconds());
      seconds = s == null ? 0 : s;
    } catch (RuntimeException ignored) {
      // progress is cosmetic
    }
    try (AudioBlockReader r = sampleRate > 0 ? src.open(sampleRate, null) : src.open()) {
      BlockSink sink = start.apply(r.sampleRate(), r.channels());
      float[][] block = new float[r.channels()][BLOCK];
      long done = 0;
      for (int n; (n = r.read(block, 0, BLOCK)) > 0; ) {
        ctx.checkCancelled();
        sink.block(block, n);
        done += n;
        if (seconds > 0) ctx.progress(Math.min(0.99, done / (seconds * r.sampleRate())));
      }
    }
  }

  /**
   * Writes channels x rows x frames (or rows x frames for one channel) as .npy and records the shape,
   * the preset and every parameter with the artifact.
   */
  static ArtifactId write(ExtensionContext<?> ctx, String feature, List<FeatureMatrix> channels, Map<String, Object> params) {
    FeatureMatrix first = channels.get(0);
    long[] shape = channels.size() == 1 ? new long[] {first.rows(), first.frames()}
        : new long[] {channels.size(), first.rows(), first.frames()};
    try (ArtifactWriter out = ctx.newArtifact(ArtifactKind.FEATURES, "npy")) {
      OutputStream os = out.stream();
      NpyWriter.writeHeader(os, shape);
      for (FeatureMatrix m : channels) NpyWriter.writeData(os, m.data(), 0, m.data().length);
      out.label("feature", feature);
      Object preset = params.get("preset");
      if (preset != null) out.label("preset", preset.toString());
      out.label("dtype", "float32");
      out.metricJson("shape", json(shape));
      out.metricJson("params", json(params));
      out.metric("frames", first.frames());
      out.metric("channels", channels.size());
      for (Map.Entry<String, Object> e : params.entrySet()) {
        if (e.getValue() instanceof Number n) out.metric(e.getKey(), n.doubleValue());
      }
      ArtifactId id = out.commit();
      ctx.progress(1.0);
      return id;
    } catch (IOException e) {
      throw new ExtensionException(feature + ": writing the .npy artifact failed: " + e.getClass().getSimpleName(), e);
    }
  }

  static String json(long[] shape) {
    StringBuilder s = new StringBuilder("[");
    for (int i = 0; i < shape.length; i++) s.append(i == 0 ? "" : ", ").append(shape[i]);
    return s.append(']').toString();
  }

  /** A flat JSON object of strings, numbers and booleans. */
  static String json(Map<String, Object> m) {
    StringBuilder s = new StringBuilder("{");
    boolean firstEntry = true;
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (!firstEntry) s.append(", ");
      firstEntry = false;
      s.append('"').append(e.getKey()).append("\": ");
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        double d = v instanceof Number n ? n.doubleValue() : 0;
        s.append(v instanceof Number && !Double.isFinite(d) ? "null" : v.toString());
      } else {
        s.append('"').append(v.toString().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      }
    }
    return s.append('}').toString();
  }

  /** Grows a frame-major float array, one frame of {@code rows} values at a time. */
  static final class FrameCollector {
    private final int rows;
    private float[] data;
    private int frames;

    FrameCollector(int rows) {
      this.rows = rows;
      this.data = new float[rows * 256];
    }

    void add(float[] values) {
      if ((frames + 1) * rows > data.length) data = java.util.Arrays.copyOf(data, Math.max(data.length * 2, (frames + 1) * rows));
      System.arraycopy(values, 0, data, frames * rows, rows);
      frames++;
    }

    /** rows x frames (transposed into the librosa layout). */
    FeatureMatrix matrix() {
      float[] out = new float[rows * frames];
      for (int t = 0; t < frames; t++) for (int r = 0; r < rows; r++) out[r * frames + t] = data[t * rows + r];
      return new FeatureMatrix(rows, frames, out);
    }
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }
}
