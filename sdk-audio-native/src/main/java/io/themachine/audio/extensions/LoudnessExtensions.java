package io.themachine.audio.extensions;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.LoudnessKernel;
import io.themachine.audio.dsp.LoudnessResult;
import io.themachine.audio.dsp.LoudnessStatus;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.ParamException;
import java.util.Locale;

/** What the two loudness extensions share: kernel choice and the manifest's metric names and JSON. */
final class LoudnessExtensions {
  private LoudnessExtensions() {}

  static final String INTEGRATED = "loudness.integrated_lufs";
  static final String RANGE = "loudness.range_lu";
  static final String TRUE_PEAK = "loudness.true_peak_dbtp";
  static final String SAMPLE_PEAK = "loudness.sample_peak_dbfs";
  static final String MAX_MOMENTARY = "loudness.max_momentary_lufs";
  static final String MAX_SHORT_TERM = "loudness.max_short_term_lufs";
  static final String DETAILS = "loudness.details";

  static String checkBackend(String backend) {
    if (backend == null) return "auto";
    return switch (backend) {
      case "auto", "scalar", "vector" -> backend;
      default -> throw new ParamException("backend", "must be auto, scalar or vector");
    };
  }

  static LoudnessKernel kernel(String backend) {
    Backend b = switch (backend) {
      case "scalar" -> Backend.SCALAR;
      case "vector" -> Backend.VECTOR;
      default -> Backend.bestForLoudness();
    };
    var a = b.availability();
    if (!a.available()) throw new ExtensionException("loudness backend " + backend + " unavailable: " + a.reason());
    return b.loudness();
  }

  /** Integrated loudness for the manifest: NaN (written as null) unless MEASURED. */
  static double integrated(LoudnessResult r) {
    return r.status() == LoudnessStatus.MEASURED ? r.integratedLufs() : Double.NaN;
  }

  interface MetricSink {
    void metric(String name, double value);
  }

  static void metrics(LoudnessResult r, MetricSink sink) {
    sink.metric(INTEGRATED, integrated(r));
    sink.metric(RANGE, r.rangeLu());
    sink.metric(TRUE_PEAK, r.truePeakDbtp());
    sink.metric(SAMPLE_PEAK, r.samplePeakDbfs());
    sink.metric(MAX_MOMENTARY, r.maxMomentaryLufs());
    sink.metric(MAX_SHORT_TERM, r.maxShortTermLufs());
  }

  /** Layout, weights, status and method as a small JSON object. No names, paths or tags. */
  static String detailsJson(LoudnessResult r, String backend, String extra) {
    StringBuilder b = new StringBuilder(256);
    b.append("{\"status\":\"").append(r.status().name().toLowerCase(Locale.ROOT)).append('"');
    b.append(",\"layout\":").append(quote(r.layoutName()));
    b.append(",\"weights\":[");
    for (int i = 0; i < r.weights().size(); i++) b.append(i == 0 ? "" : ",").append(num(r.weights().get(i)));
    b.append("],\"sample_rate\":").append(r.sampleRate());
    b.append(",\"frames\":").append(r.frames());
    b.append(",\"non_finite_samples\":").append(r.nonFiniteSamples());
    if (r.status() != LoudnessStatus.MEASURED) {
      b.append(",\"integrated_lufs_if_cleaned\":").append(num(r.integratedLufs()));
      b.append(",\"ungated_estimate_lufs\":").append(num(r.ungatedEstimateLufs()));
    }
    b.append(",\"lra_sampling\":\"").append(r.lraSampling().name().toLowerCase(Locale.ROOT)).append('"');
    b.append(",\"maxima\":\"every window position, hop 1 sample\"");
    b.append(",\"true_peak\":\"BS.1770-4 Annex 2, 4x, 48 taps, no sample-peak floor\"");
    b.append(",\"backend\":\"").append(backend).append('"');
    if (extra != null && !extra.isEmpty()) b.append(',').append(extra);
    return b.append('}').toString();
  }

  static String num(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "null";
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static ArtifactId id(io.themachine.spi.InputArtifact in) {
    return in.id();
  }
}
