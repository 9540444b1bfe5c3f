package io.themachine.audio.extensions;

import io.themachine.audio.dsp.Stft;
import io.themachine.audio.dsp.Window;
import io.themachine.audio.separation.Centre;
import io.themachine.audio.separation.Hpss;
import io.themachine.audio.separation.Nmf;
import io.themachine.audio.separation.RepetSim;
import io.themachine.audio.separation.SeparationKernel.NmfLoss;
import io.themachine.audio.separation.Separator;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parameters of {@code separate}, named as librosa names them where it has a name. Method
 * parameters that do not apply to the chosen method are ignored (and not recorded); {@code power}
 * 0 takes the method's default (2; 8 for the soft centre).
 */
public record SeparateParams(
    @Param("hpss, repet-sim, nmf, centre or model (default repet-sim)") String method,
    @Param("stems to write, or [all] (default): hpss harmonic, percussive, residual; repet-sim and centre vocals, instrumental; nmf component_<j>") List<String> stems,
    @Param("kernel: auto (vector when available), scalar or vector; the pipeline's device may choose CUDA") String backend,
    @Param("FFT size in samples (default 2048)") int n_fft,
    @Param("samples between frames; 0 = n_fft / 4") int hop_length,
    @Param("window length in samples; 0 = n_fft") int win_length,
    @Param("window: hann (default), hamming or rectangular") String window,
    @Param("mask exponent; 0 = the method's default (2, soft centre 8)") double power,
    @Param("hpss: median width along time, frames (default 31)") int kernel_size_harmonic,
    @Param("hpss: median width along frequency, bins (default 31)") int kernel_size_percussive,
    @Param("hpss: harmonic margin, >= 1 (default 1; above 1 adds a residual)") double margin_harmonic,
    @Param("hpss: percussive margin, >= 1 (default 1)") double margin_percussive,
    @Param("repet-sim: neighbours per frame; 0 = librosa's rule") int k,
    @Param("repet-sim: smallest neighbour distance, seconds (default 2)") double min_seconds,
    @Param("repet-sim: largest neighbour distance searched, seconds (default 20; 0 = whole file, holds it in memory)") double search_seconds,
    @Param("repet-sim: background margin (default 2)") double margin_i,
    @Param("repet-sim: foreground margin (default 10)") double margin_v,
    @Param("nmf: components (default 2)") int rank,
    @Param("nmf: multiplicative updates (default 100)") int iterations,
    @Param("nmf: seed of the initial factors (default 0)") long seed,
    @Param("nmf: kl (default) or euclidean") String loss,
    @Param("centre: soft (default) or mid_side") String mode,
    @Param("output encoding: wav_float (default), wav16, wav24, flac, mp3 or mp3_<kbps>") String encoding,
    @Param("longest input for methods that hold the whole signal (nmf, repet-sim with search_seconds 0), seconds (default 3600)") double max_seconds,
    @Param("model: the TorchScript file") String model,
    @Param("model: the model card (JSON); empty = the .json beside the model") String card,
    @Param("model: Demucs' shift trick, runs on randomly delayed input averaged (default 0; seeded by seed)") int shifts,
    @Param("model: fraction of a segment shared by neighbouring chunks, [0, 1); -1 = the card's (default)") double overlap,
    @Param("model: chunks per forward call (default 1)") int batch) {

  /** Every parameter but the model tier's chunking ones (shifts 0, the card's overlap, batch 1). */
  public SeparateParams(String method, List<String> stems, String backend, int n_fft, int hop_length, int win_length,
      String window, double power, int kernel_size_harmonic, int kernel_size_percussive, double margin_harmonic,
      double margin_percussive, int k, double min_seconds, double search_seconds, double margin_i, double margin_v, int rank,
      int iterations, long seed, String loss, String mode, String encoding, double max_seconds, String model, String card) {
    this(method, stems, backend, n_fft, hop_length, win_length, window, power, kernel_size_harmonic, kernel_size_percussive,
        margin_harmonic, margin_percussive, k, min_seconds, search_seconds, margin_i, margin_v, rank, iterations, seed, loss, mode,
        encoding, max_seconds, model, card, 0, -1, 1);
  }

  // before DEFAULTS: the compact constructor reads it while DEFAULTS is built
  static final Set<String> METHODS = Set.of("hpss", "repet-sim", "nmf", "centre", "model");

  public static final SeparateParams DEFAULTS = new SeparateParams("repet-sim", List.of("all"), "auto", 2048, 0, 0, "hann", 0,
      31, 31, 1.0, 1.0, 0, 2.0, 20.0, 2.0, 10.0, 2, 100, 0L, "kl", "soft", "wav_float", 3600, "", "");

  public SeparateParams {
    if (method == null || !METHODS.contains(method)) throw new ParamException("method", "must be hpss, repet-sim, nmf, centre or model");
    stems = stems == null || stems.isEmpty() ? List.of("all") : List.copyOf(stems);
    if (backend == null || !(backend.equals("auto") || backend.equals("scalar") || backend.equals("vector"))) {
      throw new ParamException("backend", "must be auto, scalar or vector");
    }
    if (n_fft < 16 || n_fft > 1 << 16) throw new ParamException("n_fft", "must be 16..65536");
    if (hop_length < 0) throw new ParamException("hop_length", "must be 0 (n_fft / 4) or positive");
    if (win_length < 0 || win_length > n_fft) throw new ParamException("win_length", "must be 0 (n_fft) or 1..n_fft");
    if (window == null) window = "hann";
    windowOf(window);
    if (!(power >= 0)) throw new ParamException("power", "must be 0 (method default) or positive");
    if (encoding == null) encoding = "wav_float";
    EncodingParam.of(encoding);
    if (!(max_seconds >= 1 && max_seconds <= 86400)) throw new ParamException("max_seconds", "must be between 1 and 86400");
    if (model == null) model = "";
    if (card == null) card = "";
    if (loss == null) loss = "kl";
    if (mode == null) mode = "soft";
    if (shifts < 0 || shifts > 64) throw new ParamException("shifts", "must be 0..64");
    if (!(overlap == -1 || (overlap >= 0 && overlap < 1))) throw new ParamException("overlap", "must be -1 (the card's) or in [0, 1)");
    if (batch < 1 || batch > 1024) throw new ParamException("batch", "must be 1..1024");
    if (method.equals("model")) {
      if (model.isBlank()) throw new ParamException("model", "method model needs the path of a TorchScript file");
      // Path.of's own message would quote the path; never echo it
      try {
        java.nio.file.Path.of(model);
        if (!card.isBlank()) java.nio.file.Path.of(card);
      } catch (java.nio.file.InvalidPathException e) {
        throw new ParamException(card.isBlank() ? "model" : "model/card", "is not a valid path");
      }
      for (String s : stems) if (!s.matches("[a-z][a-z0-9_]*")) throw new ParamException("stems", "stem names are lower-case words");
    } else {
      // fields are not assigned yet inside a compact constructor: pass the values
      List<String> known = build(method, stft(n_fft, hop_length, win_length, window), power, kernel_size_harmonic, kernel_size_percussive,
          margin_harmonic, margin_percussive, k, min_seconds, search_seconds, margin_i, margin_v, rank, iterations, seed, loss, mode).stemNames();
      for (String s : stems) {
        if (s.equals("all")) continue;
        if (!known.contains(s)) {
          String hint = method.equals("hpss") && s.equals("residual") ? " (residual needs margin_harmonic or margin_percussive above 1)" : "";
          throw new ParamException("stems", method + " has no stem '" + s + "'; it has " + known + hint);
        }
      }
    }
  }

  private static Window windowOf(String w) {
    return switch (w) {
      case "hann" -> Window.HANN;
      case "hamming" -> Window.HAMMING;
      case "rectangular" -> Window.RECTANGULAR;
      default -> throw new ParamException("window", "must be hann, hamming or rectangular");
    };
  }

  /** librosa.stft's conventions with these sizes: centred, zero padding, periodic window. */
  public Stft stft() {
    return stft(n_fft, hop_length, win_length, window);
  }

  private static Stft stft(int n_fft, int hop_length, int win_length, String window) {
    return Stft.librosa(n_fft).hop_length(hop_length == 0 ? Math.max(1, n_fft / 4) : hop_length)
        .win_length(win_length == 0 ? n_fft : win_length).window(windowOf(window));
  }

  /** The configured method (not for {@code model}). */
  public Separator separator() {
    return build(method, stft(), power, kernel_size_harmonic, kernel_size_percussive, margin_harmonic, margin_percussive, k, min_seconds,
        search_seconds, margin_i, margin_v, rank, iterations, seed, loss, mode);
  }

  private static Separator build(String method, Stft stft, double power, int kernel_size_harmonic, int kernel_size_percussive,
      double margin_harmonic, double margin_percussive, int k, double min_seconds, double search_seconds, double margin_i,
      double margin_v, int rank, int iterations, long seed, String loss, String mode) {
    try {
      return switch (method) {
        case "hpss" -> new Hpss(stft, kernel_size_harmonic, kernel_size_percussive, power == 0 ? 2.0 : power, margin_harmonic, margin_percussive);
        case "repet-sim" -> new RepetSim(stft, k, min_seconds, search_seconds, margin_i, margin_v, power == 0 ? 2.0 : power);
        case "nmf" -> new Nmf(stft, rank, iterations, seed, lossOf(loss), power == 0 ? 2.0 : power);
        case "centre" -> new Centre(stft, modeOf(mode), power == 0 ? 8.0 : power);
        default -> throw new ParamException("method", "model has no classical separator");
      };
    } catch (ParamException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      // the record's message starts with the component's name, which is the YAML name here
      String m = String.valueOf(e.getMessage());
      int colon = m.indexOf(' ');
      throw new ParamException(colon > 0 ? m.substring(0, colon) : "method", colon > 0 ? m.substring(colon + 1) : m);
    }
  }

  private static NmfLoss lossOf(String l) {
    return switch (l) {
      case "kl" -> NmfLoss.KULLBACK_LEIBLER;
      case "euclidean" -> NmfLoss.EUCLIDEAN;
      default -> throw new ParamException("loss", "must be kl or euclidean");
    };
  }

  private static Centre.Mode modeOf(String m) {
    return switch (m) {
      case "soft" -> Centre.Mode.SOFT;
      case "mid_side" -> Centre.Mode.MID_SIDE;
      default -> throw new ParamException("mode", "must be soft or mid_side");
    };
  }

  /** These parameters with other stems (validated again). */
  public SeparateParams stems(List<String> v) {
    return new SeparateParams(method, v, backend, n_fft, hop_length, win_length, window, power, kernel_size_harmonic, kernel_size_percussive,
        margin_harmonic, margin_percussive, k, min_seconds, search_seconds, margin_i, margin_v, rank, iterations, seed, loss, mode, encoding,
        max_seconds, model, card, shifts, overlap, batch);
  }

  /** The stems to write, {@code all} expanded, in the method's order. */
  public List<String> wanted(List<String> available) {
    if (stems.contains("all")) return available;
    List<String> out = new ArrayList<>();
    for (String s : available) if (stems.contains(s)) out.add(s);
    return out;
  }

  /** The parameters that apply to the method, as a flat JSON object (paths never appear). */
  String json() {
    if (method.equals("model")) {
      // the model's own transform and sizes come from its card; the model file is recorded by hash only
      return String.format(Locale.ROOT, "{\"shifts\":%d,\"seed\":%d,\"overlap\":%s,\"batch\":%d}",
          shifts, seed, overlap == -1 ? "\"card\"" : num(overlap), batch);
    }
    StringBuilder b = new StringBuilder("{");
    Stft s = stft();
    b.append("\"n_fft\":").append(s.n_fft()).append(",\"hop_length\":").append(s.hop_length()).append(",\"win_length\":")
        .append(s.win_length()).append(",\"window\":\"").append(window).append("\",\"center\":true,\"pad_mode\":\"constant\"");
    switch (method) {
      case "hpss" -> b.append(String.format(Locale.ROOT,
          ",\"kernel_size_harmonic\":%d,\"kernel_size_percussive\":%d,\"power\":%s,\"margin_harmonic\":%s,\"margin_percussive\":%s",
          kernel_size_harmonic, kernel_size_percussive, num(power == 0 ? 2.0 : power), num(margin_harmonic), num(margin_percussive)));
      case "repet-sim" -> b.append(String.format(Locale.ROOT,
          ",\"k\":%d,\"min_seconds\":%s,\"search_seconds\":%s,\"margin_i\":%s,\"margin_v\":%s,\"power\":%s,\"aggregate\":\"median\",\"metric\":\"cosine\"",
          k, num(min_seconds), num(search_seconds), num(margin_i), num(margin_v), num(power == 0 ? 2.0 : power)));
      case "nmf" -> b.append(String.format(Locale.ROOT, ",\"rank\":%d,\"iterations\":%d,\"seed\":%d,\"loss\":\"%s\",\"power\":%s",
          rank, iterations, seed, loss, num(power == 0 ? 2.0 : power)));
      case "centre" -> b.append(String.format(Locale.ROOT, ",\"mode\":\"%s\",\"power\":%s", mode, num(power == 0 ? 8.0 : power)));
      default -> { }
    }
    return b.append('}').toString();
  }

  static String num(double v) {
    if (Double.isInfinite(v)) return "null";
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) + ".0" : Double.toString(v);
  }

  /** True when the method holds the whole signal (so max_seconds applies). */
  boolean holdsWholeSignal() {
    return method.equals("nmf") || (method.equals("repet-sim") && search_seconds == 0);
  }
}
