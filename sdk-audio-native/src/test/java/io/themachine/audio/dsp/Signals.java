package io.themachine.audio.dsp;

import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.Channel;
import io.themachine.spi.audio.ChannelLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Synthesizes the reference cases exactly as {@code loudness-cases.json}'s "synthesis" rules say
 * (the same arithmetic order as its numpy generator), plus sines and seeded noise for other tests.
 */
final class Signals {
  private Signals() {}

  static int framesOf(double seconds, int fs) {
    return (int) Math.floor(seconds * fs + 0.5);
  }

  /** Role names of the reference file mapped to positions; dual_mono is a mono channel measured with dualMono on. */
  static ChannelLayout layout(List<?> roles) {
    List<ChannelLayout.Position> p = new ArrayList<>();
    for (Object o : roles) {
      p.add(switch ((String) o) {
        case "L" -> ChannelLayout.Position.of(Channel.FL);
        case "R" -> ChannelLayout.Position.of(Channel.FR);
        case "C", "mono", "dual_mono" -> ChannelLayout.Position.of(Channel.FC);
        case "LFE" -> ChannelLayout.Position.of(Channel.LFE);
        case "Ls" -> ChannelLayout.Position.of(Channel.SL, 110);
        case "Rs" -> ChannelLayout.Position.of(Channel.SR, -110);
        case "M+090" -> ChannelLayout.Position.of(Channel.SL);
        case "M-090" -> ChannelLayout.Position.of(Channel.SR);
        case "M+135" -> ChannelLayout.Position.of(Channel.BL);
        case "M-135" -> ChannelLayout.Position.of(Channel.BR);
        default -> throw new IllegalArgumentException("role " + o);
      });
    }
    return new ChannelLayout(roles.size() + " ch", p);
  }

  @SuppressWarnings("unchecked")
  static AudioBuffer synthesize(Map<String, Object> signal, List<Object> segments, int fs, Double fadeOverride) {
    int ch = ((Number) signal.get("channels")).intValue();
    Map<String, Object> fr = (Map<String, Object>) signal.get("frequency");
    double f = fr.containsKey("hz") ? ((Number) fr.get("hz")).doubleValue() : fs / ((Number) fr.get("fs_divisor")).doubleValue();
    double phase = ((Number) signal.getOrDefault("start_phase_deg", 0.0)).doubleValue();
    int repeat = ((Number) signal.getOrDefault("repeat", 1.0)).intValue();
    List<Object> plan = new ArrayList<>();
    for (int r = 0; r < repeat; r++) plan.addAll(segments);
    long total = 0;
    for (Object s : plan) total += framesOf(((Number) ((Map<String, Object>) s).get("seconds")).doubleValue(), fs);
    int n = Math.toIntExact(total);
    float[][] x = new float[ch][n];
    int pos = 0;
    for (Object so : plan) {
      Map<String, Object> s = (Map<String, Object>) so;
      int len = framesOf(((Number) s.get("seconds")).doubleValue(), fs);
      List<Object> lv = (List<Object>) s.get("level_dbfs");
      for (int c = 0; c < ch; c++) {
        if (lv.get(c) == null) continue;
        double a = Math.pow(10.0, ((Number) lv.get(c)).doubleValue() / 20.0);
        float[] xc = x[c];
        for (int i = pos; i < pos + len; i++) {
          double t = i / (double) fs;
          xc[i] = (float) (a * Math.sin(2.0 * Math.PI * f * t + phase * Math.PI / 180.0));
        }
      }
      pos += len;
    }
    double fade = fadeOverride != null ? fadeOverride : ((Number) signal.getOrDefault("fade_ms", 0.0)).doubleValue();
    if (fade > 0) {
      int F = (int) Math.floor(fade * fs / 1000.0 + 1e-9);
      for (int i = 0; i < Math.min(F, n / 2); i++) {
        float g = (float) (0.5 - 0.5 * Math.cos(Math.PI * i / F));
        for (int c = 0; c < ch; c++) {
          x[c][i] *= g;
          x[c][n - 1 - i] *= g;
        }
      }
    }
    Object dc = signal.get("dc_offset");
    if (dc != null) {
      float d = (float) ((Number) dc).doubleValue();
      for (float[] xc : x) for (int i = 0; i < n; i++) xc[i] += d;
    }
    Object patches = signal.get("sample_patches");
    if (patches != null) {
      for (Object po : (List<Object>) patches) {
        Map<String, Object> p = (Map<String, Object>) po;
        Object v = p.get("value");
        float val = switch (String.valueOf(v)) {
          case "NaN" -> Float.NaN;
          case "+Infinity", "Infinity" -> Float.POSITIVE_INFINITY;
          case "-Infinity" -> Float.NEGATIVE_INFINITY;
          default -> (float) ((Number) v).doubleValue();
        };
        x[((Number) p.get("channel")).intValue()][((Number) p.get("frame")).intValue()] = val;
      }
    }
    List<Object> roles = (List<Object>) signal.get("channel_roles");
    return AudioBuffer.of(fs, layout(roles), x);
  }

  /** A stereo sine, {@code dbfs} peak level, {@code seconds} long. */
  static AudioBuffer sine(int fs, double hz, double dbfs, double seconds) {
    int n = framesOf(seconds, fs);
    float[] l = new float[n];
    double a = Math.pow(10.0, dbfs / 20.0);
    for (int i = 0; i < n; i++) l[i] = (float) (a * Math.sin(2.0 * Math.PI * hz * i / fs));
    return AudioBuffer.of(fs, ChannelLayout.STEREO, l, l.clone());
  }

  /** Seeded programme-like noise: a 1/f-ish mixture with a slow envelope and sparse loud clicks. */
  static AudioBuffer programme(int fs, double seconds, long seed, boolean clicks) {
    int n = framesOf(seconds, fs);
    float[][] x = new float[2][n];
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int c = 0; c < 2; c++) {
      double b0 = 0, b1 = 0, b2 = 0;
      for (int i = 0; i < n; i++) {
        double w = r.nextDouble(-1, 1);
        b0 = 0.99765 * b0 + w * 0.0990460;
        b1 = 0.96300 * b1 + w * 0.2965164;
        b2 = 0.57000 * b2 + w * 1.0526913;
        double env = 0.5 + 0.4 * Math.sin(2 * Math.PI * 0.13 * i / fs + c);
        double v = 0.05 * env * (b0 + b1 + b2 + w * 0.1848);
        if (clicks && i % (fs * 2) < 24) v += 0.9 * Math.sin(Math.PI * (i % (fs * 2)) / 24.0);
        x[c][i] = (float) v;
      }
    }
    return AudioBuffer.of(fs, ChannelLayout.STEREO, x);
  }
}
