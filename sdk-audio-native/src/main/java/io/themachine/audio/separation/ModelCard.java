package io.themachine.audio.separation;

import io.themachine.audio.internal.torch.CardReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a TorchScript separation model expects, read from a JSON file beside the {@code .pt}
 * ({@code model.pt} -> {@code model.json}). One runner serves Demucs-style (waveform in and out),
 * Open-Unmix-style (magnitude spectrogram in, magnitudes or masks out) and MDX-style (complex
 * spectrogram as channels) exports; the STFT of the latter two runs outside the graph with the
 * convention given in {@link StftConvention}.
 *
 * <pre>{@code
 * { "format": "themachine-separation-card/1", "name": "htdemucs-ft-vocals",
 *   "sample_rate": 44100, "channels": 2, "stems": ["drums", "bass", "other", "vocals"],
 *   "segment": 343980, "context": 0, "overlap": 0.25, "fade": "triangle", "normalize": true,
 *   "stft": null }
 * }</pre>
 *
 * <p>Tensors, float32, contiguous: waveform models take {@code [batch, channels, segment + 2 context]}
 * and return {@code [batch, stems, channels, same]} (any shape with that many values in that order,
 * e.g. Demucs' {@code [B, S, C, L]}); spectrogram models take {@code [B, C, bins, frames]}
 * (magnitude) or {@code [B, 2 C, bins, frames]} (complex as channels: {@code c0.re, c0.im, c1.re, ...})
 * and return {@code [B, S, C, bins, frames]} or {@code [B, S, 2 C, bins, frames]}.
 *
 * @param name       a label for logs and manifests
 * @param sampleRate the rate the model runs at, Hz
 * @param channels   audio channels the model takes (1 or 2 usually)
 * @param stems      the model's output stems, in output order
 * @param segment    samples of each chunk that are kept (the overlap-added part)
 * @param context    samples of neighbouring audio given on each side of a chunk and dropped from
 *                   its output; a traced model's input length is {@code segment + 2 context}
 * @param overlap    fraction of {@code segment} shared by neighbouring chunks, in [0, 1)
 * @param fade       cross-fade shape of the overlap-add
 * @param normalize  Demucs' track normalisation: the input is standardised by the mean and
 *                   (unbiased) standard deviation of its mono mix, the stems scaled back
 * @param stft       the STFT done outside the graph, or null for a waveform model
 */
public record ModelCard(String name, int sampleRate, int channels, List<String> stems, int segment, int context,
    double overlap, Fade fade, boolean normalize, StftConvention stft) {

  /** The card format this runner reads. */
  public static final String FORMAT = "themachine-separation-card/1";

  /** Overlap-add weight over a segment. */
  public enum Fade {
    /** Demucs' {@code apply_model} weight: {@code 1, 2, .., n/2, n - n/2, .., 1}, scaled to peak 1. */
    TRIANGLE,
    /** {@code 0.5 - 0.5 cos(2 pi (i + 0.5) / n)}: Hann with a half-sample offset, never zero. */
    HANN,
    /** Equal weights (plain averaging of overlapping chunks). */
    RECTANGLE
  }

  /** What the graph takes and returns when its STFT runs outside it. */
  public enum Spectral {
    /** {@code |X|}; as an output, magnitudes given the mixture's phase. */
    MAGNITUDE,
    /** Output only: a real mask multiplied onto the complex mixture spectrogram. */
    MASK,
    /** Real and imaginary parts as channel pairs (MDX-Net). */
    COMPLEX_AS_CHANNELS
  }

  /**
   * {@code torch.stft(x, n_fft, hop, window=hann_window(n_fft, periodic=True), center, pad_mode,
   * normalized=False, onesided=True)} per chunk and channel; its inverse {@code torch.istft(...,
   * length=segment + 2 context)}. Only the first {@code bins} bins go to the graph (MDX's
   * {@code dim_f}); the others are zero in the output.
   */
  public record StftConvention(int nFft, int hop, boolean center, boolean reflect, Spectral input, Spectral output,
      int bins) {
    public StftConvention {
      if (nFft < 2 || hop < 1 || hop > nFft) throw new IllegalArgumentException("model card: bad n_fft/hop");
      if (bins < 1 || bins > nFft / 2 + 1) throw new IllegalArgumentException("model card: bins must be in 1.." + (nFft / 2 + 1));
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
      if (input == Spectral.MASK) throw new IllegalArgumentException("model card: stft.input cannot be a mask");
    }

    /** Frames of a chunk of {@code length} samples. */
    public int frames(int length) {
      return center ? 1 + length / hop : 1 + (length - nFft) / hop;
    }

    @Override
    public String toString() {
      return "stft " + nFft + "/" + hop + (center ? " centred " + (reflect ? "reflect" : "zero") : "") + ", "
          + input.name().toLowerCase(Locale.ROOT) + " -> " + output.name().toLowerCase(Locale.ROOT) + ", " + bins + " bins";
    }
  }

  public ModelCard {
    Objects.requireNonNull(name, "name");
    stems = List.copyOf(stems);
    Objects.requireNonNull(fade, "fade");
    if (sampleRate <= 0) throw new IllegalArgumentException("model card: sample_rate must be positive");
    if (channels < 1 || channels > 64) throw new IllegalArgumentException("model card: channels must be in 1..64");
    if (stems.isEmpty()) throw new IllegalArgumentException("model card: no stems");
    if (stems.stream().distinct().count() != stems.size()) throw new IllegalArgumentException("model card: stem names repeat");
    if (segment < 1) throw new IllegalArgumentException("model card: segment must be positive");
    if (context < 0) throw new IllegalArgumentException("model card: context must not be negative");
    if (!(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("model card: overlap must be in [0, 1)");
  }

  /** Reads a card (JSON); errors say what is wrong, never where the file is. */
  public static ModelCard read(Path card) {
    return CardReader.read(card);
  }

  /** Parses a card's JSON text. */
  public static ModelCard parse(String json) {
    return CardReader.parse(json);
  }

  /** The card beside a model: the same name with {@code .json} for {@code .pt} or {@code .ts}. */
  public static Path besides(Path model) {
    String f = model.getFileName().toString();
    int dot = f.lastIndexOf('.');
    return model.resolveSibling((dot > 0 ? f.substring(0, dot) : f) + ".json");
  }

  /** Samples per channel of each chunk the graph sees. */
  public int chunkLength() {
    return segment + 2 * context;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "ModelCard[%s, %d Hz, %d ch, stems %s, %s, segment %d + 2x%d, overlap %s, %s%s]",
        name, sampleRate, channels, stems, stft == null ? "waveform" : stft, segment, context, overlap,
        fade.name().toLowerCase(Locale.ROOT), normalize ? ", normalised" : "");
  }
}
