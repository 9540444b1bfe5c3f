package io.themachine.audio.dsp;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The committed copy of the team's loudness reference file (see the README beside it). */
final class ReferenceCases {
  private ReferenceCases() {}

  static final int[] RATES = {8000, 16000, 44100, 48000, 96000};

  private static final class Holder {
    static final Map<String, Object> ROOT = load();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> load() {
    try (InputStream in = ReferenceCases.class.getResourceAsStream("loudness-cases.json")) {
      if (in == null) throw new IllegalStateException("loudness-cases.json missing from test resources");
      // The file writes unmeasurable values as NaN, which strict JSON lacks.
      var json = tools.jackson.databind.json.JsonMapper.builder()
          .enable(tools.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
      return json.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Map.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> cases() {
    return (List<Map<String, Object>>) (List<?>) Holder.ROOT.get("cases");
  }

  static Map<String, Object> byId(String id) {
    return cases().stream().filter(c -> id.equals(c.get("id"))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  static boolean validAt(Map<String, Object> c, int rate) {
    Map<String, Object> sig = (Map<String, Object>) c.get("signal");
    Object v = sig.containsKey("valid_rates_hz") ? sig.get("valid_rates_hz") : c.get("valid_rates_hz");
    if (v == null) return true;
    for (Object r : (List<Object>) v) if (((Number) r).intValue() == rate) return true;
    return false;
  }

  /** Stereo-equivalent seconds of audio a case synthesizes (all variants), for sorting cost. */
  @SuppressWarnings("unchecked")
  static double seconds(Map<String, Object> c) {
    Map<String, Object> sig = (Map<String, Object>) c.get("signal");
    double s = 0;
    List<Object> sets = c.containsKey("variants")
        ? ((List<Object>) c.get("variants")).stream().map(v -> ((Map<String, Object>) v).get("segments")).toList()
        : List.of(sig.get("segments"));
    for (Object segs : sets) for (Object g : (List<Object>) segs) s += ((Number) ((Map<String, Object>) g).get("seconds")).doubleValue();
    return s * ((Number) sig.getOrDefault("repeat", 1.0)).doubleValue() * ((Number) sig.get("channels")).doubleValue() / 2;
  }
}
