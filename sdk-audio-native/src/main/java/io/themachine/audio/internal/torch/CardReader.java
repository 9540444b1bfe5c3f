package io.themachine.audio.internal.torch;

import io.themachine.audio.separation.ModelCard;
import io.themachine.audio.separation.ModelCard.Fade;
import io.themachine.audio.separation.ModelCard.Spectral;
import io.themachine.audio.separation.ModelCard.StftConvention;
import io.themachine.audio.separation.ModelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Reads {@link ModelCard}s (JSON, format {@value ModelCard#FORMAT}). Messages never name the file. */
public final class CardReader {
  private CardReader() {}

  private static final Set<String> KEYS = Set.of("format", "name", "sample_rate", "channels", "stems", "segment",
      "context", "overlap", "fade", "normalize", "stft", "dynamic_length", "description");
  private static final Set<String> STFT_KEYS = Set.of("n_fft", "hop", "window", "center", "pad_mode", "input",
      "output", "bins");

  public static ModelCard read(Path card) {
    byte[] b;
    try {
      if (Files.size(card) > 1 << 20) throw new ModelException("model card: larger than 1 MiB");
      b = Files.readAllBytes(card);
    } catch (NoSuchFileException e) {
      throw new ModelException("model card: not found (expected a .json beside the model, or pass one)");
    } catch (IOException e) {
      throw new ModelException("model card: cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return parse(new String(b, StandardCharsets.UTF_8));
  }

  public static ModelCard parse(String json) {
    try {
      if (!(Json.parse(json) instanceof Map<?, ?> m)) throw new IllegalArgumentException("not a JSON object");
      for (Object k : m.keySet()) {
        if (!KEYS.contains(k)) throw new IllegalArgumentException("unknown key '" + safe(k) + "'");
      }
      Object format = m.get("format");
      if (!ModelCard.FORMAT.equals(format)) {
        throw new IllegalArgumentException("'format' must be \"" + ModelCard.FORMAT + "\"");
      }
      Object stemsValue = m.get("stems");
      if (!(stemsValue instanceof List<?> list)) throw new IllegalArgumentException("'stems' must be a list of names");
      List<String> stems = new ArrayList<>();
      for (Object o : list) {
        if (!(o instanceof String s) || !s.matches("[A-Za-z0-9_.-]{1,64}")) {
          throw new IllegalArgumentException("'stems' must be names of letters, digits, '_', '.', '-'");
        }
        stems.add(s);
      }
      String name = m.get("name") instanceof String s ? s : "model";
      StftConvention stft = null;
      Object st = m.get("stft");
      if (st != null) {
        if (!(st instanceof Map<?, ?> sm)) throw new IllegalArgumentException("'stft' must be an object or null");
        for (Object k : sm.keySet()) {
          if (!STFT_KEYS.contains(k)) throw new IllegalArgumentException("unknown key 'stft." + safe(k) + "'");
        }
        String window = str(sm, "window", "hann");
        if (!window.equals("hann")) throw new IllegalArgumentException("'stft.window' must be \"hann\"");
        String pad = str(sm, "pad_mode", "reflect");
        if (!pad.equals("reflect") && !pad.equals("constant")) {
          throw new IllegalArgumentException("'stft.pad_mode' must be \"reflect\" or \"constant\"");
        }
        int nFft = integer(sm, "n_fft", -1);
        stft = new StftConvention(nFft, integer(sm, "hop", nFft / 4), bool(sm, "center", true), pad.equals("reflect"),
            spectral(str(sm, "input", "magnitude"), "stft.input"), spectral(str(sm, "output", "magnitude"), "stft.output"),
            integer(sm, "bins", nFft / 2 + 1));
      }
      return new ModelCard(name, integer(m, "sample_rate", -1), integer(m, "channels", 2), stems,
          integer(m, "segment", -1), integer(m, "context", 0), number(m, "overlap", 0.25),
          fade(str(m, "fade", "triangle")), bool(m, "normalize", false), stft);
    } catch (IllegalArgumentException e) {
      String msg = e.getMessage();
      throw new ModelException(msg.startsWith("model card") ? msg : "model card: " + msg);
    }
  }

  private static String safe(Object k) {
    String s = String.valueOf(k);
    return s.length() > 32 ? s.substring(0, 32) + "…" : s;
  }

  private static Spectral spectral(String v, String key) {
    return switch (v) {
      case "magnitude" -> Spectral.MAGNITUDE;
      case "mask" -> Spectral.MASK;
      case "complex_as_channels" -> Spectral.COMPLEX_AS_CHANNELS;
      default -> throw new IllegalArgumentException("'" + key + "' must be magnitude, mask or complex_as_channels");
    };
  }

  static Fade fade(String v) {
    try {
      return Fade.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'fade' must be triangle, hann or rectangle");
    }
  }

  private static String str(Map<?, ?> m, String key, String dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    if (v instanceof String s) return s;
    throw new IllegalArgumentException("'" + key + "' must be a string");
  }

  private static boolean bool(Map<?, ?> m, String key, boolean dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    if (v instanceof Boolean b) return b;
    throw new IllegalArgumentException("'" + key + "' must be true or false");
  }

  private static double number(Map<?, ?> m, String key, double dflt) {
    Object v = m.get(key);
    if (v == null) return dflt;
    if (v instanceof Double d) return d;
    throw new IllegalArgumentException("'" + key + "' must be a number");
  }

  private static int integer(Map<?, ?> m, String key, int dflt) {
    Object v = m.get(key);
    if (v == null) {
      if (dflt < 0) throw new IllegalArgumentException("'" + key + "' is missing");
      return dflt;
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < Integer.MAX_VALUE) return d.intValue();
    throw new IllegalArgumentException("'" + key + "' must be an integer");
  }
}
