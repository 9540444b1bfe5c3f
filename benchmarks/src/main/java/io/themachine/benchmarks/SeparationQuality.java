package io.themachine.benchmarks;

import static io.themachine.audio.separation.SeparationMixtures.add;
import static io.themachine.audio.separation.SeparationMixtures.sdr;
import static io.themachine.audio.separation.SeparationMixtures.siSdr;
import static io.themachine.audio.separation.SeparationMixtures.trivial;

import io.themachine.audio.Backend;
import io.themachine.audio.dsp.Stft;
import io.themachine.audio.separation.Centre;
import io.themachine.audio.separation.Hpss;
import io.themachine.audio.separation.Nmf;
import io.themachine.audio.separation.RepetSim;
import io.themachine.audio.separation.SeparationMixtures;
import io.themachine.audio.separation.Stems;
import io.themachine.audio.separation.Wiener;
import io.themachine.spi.audio.AudioBuffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Separation quality on synthetic mixtures of known stems: SI-SDR and plain SDR per stem for every
 * DSP method, and the SI-SDR improvement over the trivial estimate (mixture / number of stems).
 * Stems: harmonic chords, percussive bursts, a one-bar loop repeated every 0.5 s, a voice (speech
 * from espeak-ng when a 22.05 kHz mono PCM16 WAV is given, else a seeded melody), two notes for NMF.
 * Usage: {@code java -cp benchmarks.jar io.themachine.benchmarks.SeparationQuality [speech.wav]}.
 */
public final class SeparationQuality {
  private SeparationQuality() {}

  static final int SR = 22050;
  static final int N = 20 * SR;
  static final Backend B = Backend.VECTOR.availability().available() ? Backend.VECTOR : Backend.SCALAR;

  public static void main(String[] args) throws IOException {
    String voiceName = "melody (seeded)";
    float[] voice = SeparationMixtures.melody(N, SR, 5);
    if (args.length > 0) {
      float[] speech = readWav(Path.of(args[0]));
      if (speech != null) {
        voice = new float[N];
        System.arraycopy(speech, 0, voice, 0, Math.min(N, speech.length));
        voiceName = "speech (espeak-ng)";
      }
    }
    System.out.printf(Locale.ROOT, "backend %s, %d Hz, %d s mixtures, voice: %s%n", B, SR, N / SR, voiceName);
    System.out.printf(Locale.ROOT, "%-22s %-22s %-13s %8s %8s %10s %8s%n", "mixture", "method", "stem", "SI-SDR", "SDR", "trivial", "gain");
    List<double[]> gains = new ArrayList<>();

    // A: harmonic + percussive
    float[] h = SeparationMixtures.harmonic(N, SR), p = SeparationMixtures.percussive(N, SR, 11);
    AudioBuffer a = AudioBuffer.of(SR, add(h, p));
    Stems hp = Hpss.librosa().separate(a, B);
    row("tones+bursts", "hpss", hp, "harmonic", h, a.array(0), 2);
    row("tones+bursts", "hpss", hp, "percussive", p, a.array(0), 2);
    Stems hp2 = Hpss.librosa().margin(2.0).separate(a, B);
    row("tones+bursts", "hpss margin 2", hp2, "harmonic", h, a.array(0), 2);
    row("tones+bursts", "hpss margin 2", hp2, "percussive", p, a.array(0), 2);
    nmfRows("tones+bursts", a, new String[] {"harmonic", "percussive"}, new float[][] {h, p});

    // B: voice over a repeating loop
    float[] loop = SeparationMixtures.loop(N, SR, 0.5);
    AudioBuffer b = AudioBuffer.of(SR, add(voice, loop));
    Stems rs = RepetSim.librosa().separate(b, B);
    row("voice+loop", "repet-sim", rs, "vocals", voice, b.array(0), 2);
    row("voice+loop", "repet-sim", rs, "instrumental", loop, b.array(0), 2);
    Stems rsw = Wiener.filter(b, rs, Stft.librosa(2048), 2.0, B);
    row("voice+loop", "repet-sim+wiener", rsw, "vocals", voice, b.array(0), 2);
    row("voice+loop", "repet-sim+wiener", rsw, "instrumental", loop, b.array(0), 2);
    nmfRows("voice+loop", b, new String[] {"vocals", "instrumental"}, new float[][] {voice, loop});

    // C: centred voice, loop panned left (L 1, R 0.25)
    float[] loopR = new float[N];
    for (int i = 0; i < N; i++) loopR[i] = 0.25f * loop[i];
    AudioBuffer c = AudioBuffer.of(SR, add(voice, loop), add(voice, loopR));
    float[] mixLR = concat(c.array(0), c.array(1)), voiceLR = concat(voice, voice), sidesLR = concat(loop, loopR);
    for (Centre centre : new Centre[] {Centre.soft(), Centre.midSide()}) {
      Stems cs = centre.separate(c, B);
      String name = "centre " + centre.mode();
      rowStereo("voice C + loop L", name, cs, "vocals", voiceLR, mixLR);
      rowStereo("voice C + loop L", name, cs, "instrumental", sidesLR, mixLR);
    }

    // D: two notes for NMF
    float[] n1 = note(N, 261.63, 0, 6, 10, 14), n2 = note(N, 392.0, 4, 12, 16, 19);
    AudioBuffer d = AudioBuffer.of(SR, add(n1, n2));
    nmfRows("two notes", d, new String[] {"note C4", "note G4"}, new float[][] {n1, n2});
  }

  static float[] note(int n, double f, double... spans) {
    float[] x = new float[n];
    for (int s = 0; s + 1 < spans.length; s += 2) {
      int i0 = (int) (spans[s] * SR), i1 = Math.min(n, (int) (spans[s + 1] * SR));
      for (int i = i0; i < i1; i++) {
        double t = (i - i0) / (double) SR, env = Math.min(1, Math.min(t, (i1 - i) / (double) SR) / 0.02);
        x[i] = (float) (0.2 * env * (Math.sin(2 * Math.PI * f * t) + 0.4 * Math.sin(4 * Math.PI * f * t) + 0.2 * Math.sin(6 * Math.PI * f * t)));
      }
    }
    return x;
  }

  /** NMF rank = stems, each reference scored against its best component (greedy, best SI-SDR first). */
  static void nmfRows(String mixture, AudioBuffer x, String[] names, float[][] refs) {
    Stems s = Nmf.of(refs.length).iterations(100).separate(x, B);
    boolean[] used = new boolean[refs.length];
    for (int r = 0; r < refs.length; r++) {
      int best = -1;
      double bestSi = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < refs.length; j++) {
        if (used[j]) continue;
        double si = siSdr(s.get("component_" + j).audio().array(0), refs[r]);
        if (si > bestSi) { bestSi = si; best = j; }
      }
      used[best] = true;
      print(mixture, "nmf r" + refs.length + " kl (" + "component_" + best + ")", names[r], s.get("component_" + best).audio().array(0), refs[r], x.array(0), refs.length);
    }
  }

  static void row(String mixture, String method, Stems s, String stem, float[] ref, float[] mix, int count) {
    print(mixture, method, stem, s.get(stem).audio().array(0), ref, mix, count);
  }

  static void rowStereo(String mixture, String method, Stems s, String stem, float[] refLR, float[] mixLR) {
    AudioBuffer a = s.get(stem).audio();
    print(mixture, method, stem, concat(a.array(0), a.array(1)), refLR, mixLR, 2);
  }

  static void print(String mixture, String method, String stem, float[] est, float[] ref, float[] mix, int count) {
    double si = siSdr(est, ref), plain = sdr(est, ref), triv = siSdr(trivial(mix, count), ref);
    System.out.printf(Locale.ROOT, "%-22s %-22s %-13s %8.2f %8.2f %10.2f %8.2f%n", mixture, method, stem, si, plain, triv, si - triv);
  }

  static float[] concat(float[] a, float[] b) {
    float[] o = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, o, a.length, b.length);
    return o;
  }

  /** A mono PCM16 WAV at 22.05 kHz (what espeak-ng writes), else null with a note. */
  static float[] readWav(Path p) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
    bb.position(12);
    int channels = 0, rate = 0, bits = 0;
    while (bb.remaining() >= 8) {
      int id = bb.getInt(), size = bb.getInt();
      int next = bb.position() + size + (size & 1);
      if (id == 0x20746d66) { // "fmt "
        bb.getShort();
        channels = bb.getShort();
        rate = bb.getInt();
        bb.getInt();
        bb.getShort();
        bits = bb.getShort();
      } else if (id == 0x61746164) { // "data"
        if (channels != 1 || rate != SR || bits != 16) {
          System.out.println("speech WAV is not mono 16-bit 22050 Hz; using the melody");
          return null;
        }
        int n = Math.min(size, bb.remaining()) / 2;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = bb.getShort() / 32768f;
        return x;
      }
      if (next > bb.limit() || next < 0) break;
      bb.position(next);
    }
    return null;
  }
}
