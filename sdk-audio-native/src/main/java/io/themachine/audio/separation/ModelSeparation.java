package io.themachine.audio.separation;

import io.themachine.audio.internal.torch.ModelRunner;
import io.themachine.audio.internal.torch.TorchAvailability;
import io.themachine.spi.Availability;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.AudioSource;
import io.themachine.spi.audio.ChannelLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model tier of source separation: the user's own TorchScript model (Demucs-, Open-Unmix- or
 * MDX-style, described by a {@link ModelCard}) run on the CPU through bytedeco's libtorch, chunked
 * with overlap-add, in memory bounded whatever the input's length.
 *
 * <pre>{@code
 * try (var model = ModelSeparation.open(Path.of("htdemucs.pt"));   // htdemucs.json beside it
 *      var stems = model.readers(AudioFiles.open(Path.of("song.flac")), ModelOptions.defaults().shifts(1))) {
 *   for (String stem : stems.names()) writer(stem).writeAudio(stems.reader(stem), encoding);
 * }
 * }</pre>
 *
 * <p>libtorch is optional: {@link #availability()} says whether it is on the path and why not, and
 * never throws. One instance owns one loaded graph (native memory) until {@link #close()}; it is not
 * thread-safe. Messages never name the model's or the input's file.
 */
public final class ModelSeparation implements AutoCloseable {
  private final ModelRunner runner;
  private final String sha256;

  private ModelSeparation(ModelRunner runner, String sha256) {
    this.runner = runner;
    this.sha256 = sha256;
  }

  /** Whether bytedeco PyTorch is on the path (a class-name probe; no native code loads). Never throws. */
  public static Availability availability() {
    return TorchAvailability.availability();
  }

  /** Opens a model with its card beside it ({@link ModelCard#besides}). */
  public static ModelSeparation open(Path model) {
    return open(model, ModelCard.besides(model));
  }

  /**
   * Reads the card, hashes the model, loads it and runs one silent chunk through it to check the card.
   *
   * @throws ModelException when libtorch is unavailable, the file is no TorchScript, or the card does not fit
   */
  public static ModelSeparation open(Path model, Path card) {
    ModelCard c = ModelCard.read(card);
    String hash = sha256(model);
    return new ModelSeparation(ModelRunner.open(model, c), hash);
  }

  private static String sha256(Path model) {
    try (InputStream in = Files.newInputStream(model)) {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
      return "sha256:" + HexFormat.of().formatHex(d.digest());
    } catch (NoSuchFileException e) {
      throw new ModelException("model: file not found");
    } catch (IOException e) {
      throw new ModelException("model: cannot be read (" + e.getClass().getSimpleName() + ")");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public ModelCard card() {
    return runner.card();
  }

  /** {@code sha256:} and the model file's hex digest, for manifests. */
  public String sha256() {
    return sha256;
  }

  /** Stem names in output order for these options: the card's, then the residual if asked for. */
  public List<String> stems(ModelOptions options) {
    return runner.stems(options);
  }

  /**
   * Separates a source (decoded, resampled and remixed to the model's rate and channels as it is
   * read), pushing the stems to {@code sink} block by block. Normalisation and RESCALE open the
   * source once more each.
   */
  public ModelRun separate(AudioSource source, ModelOptions options, StemSink sink) {
    return runner.run(input(source), options, sink);
  }

  /**
   * Separates a reader in one pass (resampled to the model's rate here if needed). Normalisation
   * and RESCALE need two passes: pass an {@link AudioSource} or buffer for those.
   */
  public ModelRun separate(AudioBlockReader reader, ModelOptions options, StemSink sink) {
    return runner.run(once(reader), options, sink);
  }

  /** Separates a buffer held in memory, pushing the stems to {@code sink} block by block. */
  public ModelRun separate(AudioBuffer buffer, ModelOptions options, StemSink sink) {
    return runner.run(input(buffer), options, sink);
  }

  /** Separates a buffer held in memory; stems come back whole, in order, at the model's rate. */
  public Map<String, AudioBuffer> separate(AudioBuffer buffer, ModelOptions options) {
    List<String> names = stems(options);
    int c = card().channels();
    List<float[][]> out = new ArrayList<>();
    long cap = buffer.frames() * (long) card().sampleRate() / buffer.sampleRate() + 64;
    if (cap > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("separate: buffer too long; stream it through a sink");
    for (int s = 0; s < names.size(); s++) out.add(new float[c][(int) cap]);
    int[] len = {0};
    runner.run(input(buffer), options, (stems, n) -> {
      for (int s = 0; s < stems.length; s++) {
        for (int ch = 0; ch < c; ch++) System.arraycopy(stems[s][ch], 0, out.get(s)[ch], len[0], n);
      }
      len[0] += n;
    });
    Map<String, AudioBuffer> m = new LinkedHashMap<>();
    ChannelLayout layout = ChannelLayout.defaultFor(c);
    for (int s = 0; s < names.size(); s++) {
      float[][] a = out.get(s);
      for (int ch = 0; ch < c; ch++) a[ch] = java.util.Arrays.copyOf(a[ch], len[0]);
      m.put(names.get(s), AudioBuffer.of(card().sampleRate(), layout, a));
    }
    return m;
  }

  /**
   * One {@link AudioBlockReader} per stem, at the model's rate and channels, for
   * {@code ArtifactWriter.writeAudio}. Reading any of them runs the model as far as needed; what the
   * other stems get meanwhile waits for them, in memory up to a few MiB per stem and then in a
   * temporary file (deleted on close), so reading the stems one after another stays bounded in
   * memory too. Close the result (it closes the input).
   */
  public StemReaders readers(AudioSource source, ModelOptions options) {
    return new StemReaders(runner, input(source), options, card().sampleRate(), card().channels());
  }

  /** As {@link #readers(AudioSource, ModelOptions)} for a buffer in memory. */
  public StemReaders readers(AudioBuffer buffer, ModelOptions options) {
    return new StemReaders(runner, input(buffer), options, card().sampleRate(), card().channels());
  }

  private static ModelRunner.Input input(AudioSource source) {
    return new ModelRunner.Input() {
      @Override public AudioBlockReader open(int rate, ChannelLayout layout, ModelOptions.ChannelPolicy policy) {
        AudioBlockReader r = source.open(rate, null);
        if (r.channels() > layout.channels() && policy == ModelOptions.ChannelPolicy.DOWNMIX) {
          r.close();
          r = source.open(rate, layout); // the decoder's own remix matrix
        }
        return r;
      }

      @Override public boolean reopenable() { return true; }
    };
  }

  private static ModelRunner.Input input(AudioBuffer buffer) {
    return new ModelRunner.Input() {
      @Override public AudioBlockReader open(int rate, ChannelLayout layout, ModelOptions.ChannelPolicy policy) {
        return AudioBlockReader.of(buffer);
      }

      @Override public boolean reopenable() { return true; }
    };
  }

  private static ModelRunner.Input once(AudioBlockReader reader) {
    return new ModelRunner.Input() {
      private boolean used;

      @Override public AudioBlockReader open(int rate, ChannelLayout layout, ModelOptions.ChannelPolicy policy) {
        if (used) throw new IllegalStateException("separate: a reader can be read once");
        used = true;
        return reader;
      }

      @Override public boolean reopenable() { return false; }
    };
  }

  /** Frees the graph and its buffers; idempotent. */
  @Override
  public void close() {
    runner.close();
  }

  @Override
  public String toString() {
    ModelCard c = runner.card();
    return "ModelSeparation[" + c.name() + ", " + sha256.substring(0, Math.min(sha256.length(), 19)) + "…, " + c.sampleRate()
        + " Hz, " + c.channels() + " ch, stems " + c.stems() + (c.stft() == null ? ", waveform" : ", spectrogram") + "]";
  }
}
