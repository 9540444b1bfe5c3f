package io.themachine.audio.extensions;

import io.themachine.audio.Backend;
import io.themachine.audio.Backends;
import io.themachine.audio.dsp.Resampler;
import io.themachine.audio.internal.cpu.ResamplingReader;
import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.ModelOptions;
import io.themachine.audio.separation.ModelSeparation;
import io.themachine.audio.separation.StemReaders;
import io.themachine.audio.separation.Separator;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.InputArtifact;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioEncoding;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code separate}: source separation of a recording into stems, one AUDIO artifact per stem (its
 * parent is the recording), at the recording's rate, layout and length.
 *
 * <ul>
 *   <li>{@code hpss}: {@code harmonic}, {@code percussive} (and {@code residual} when a margin exceeds 1);
 *   <li>{@code repet-sim}: {@code vocals} (the non-repeating foreground) and {@code instrumental} (the background);
 *   <li>{@code centre}: {@code vocals} (the centre of a stereo pair) and {@code instrumental} (the sides);
 *   <li>{@code nmf}: {@code component_0 .. component_<rank-1>};
 *   <li>{@code model}: the stems the model card declares (the TorchScript tier, {@code ModelSeparation}; stems resampled back to the recording's rate).
 * </ul>
 * Each stem is streamed from the decoder through the separator into the encoder, so memory stays
 * bounded for hpss, centre and repet-sim with a search bound; each stem is computed in its own
 * pass. Every artifact carries the label {@code stem}, the label {@code method}, the metric
 * {@code separation.realtime_factor} (audio seconds per second of its pass) and the metric JSON
 * {@code separation} (stem, method, parameters, backend, precision, real-time factor); the backend
 * choice is recorded as {@code backend} on the input and on each stem.
 */
public final class SeparateExtension implements Extension<SeparateParams> {
  private static final Descriptor<SeparateParams> DESCRIPTOR = Descriptor.of("separate", "1.0.0", SeparateParams.DEFAULTS)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
      .produces(ArtifactKind.AUDIO)
      .summary("Source separation into stems: HPSS, REPET-SIM, NMF, centre extraction, or a TorchScript model");

  @Override
  public Descriptor<SeparateParams> descriptor() {
    return DESCRIPTOR;
  }

  @Override
  public void run(ExtensionContext<SeparateParams> ctx) {
    SeparateParams p = ctx.params();
    InputArtifact in = ctx.input();
    Backend cpu = switch (p.backend()) {
      case "scalar" -> Backend.SCALAR;
      case "vector" -> {
        var a = Backend.VECTOR.availability();
        if (!a.available()) throw new ExtensionException("separate: backend vector unavailable: " + a.reason());
        yield Backend.VECTOR;
      }
      default -> Backend.bestForLoudness();
    };
    Backends.Choice choice = Backends.choose(ctx.device(), cpu);
    Backend backend = choice.backend();
    if (backend == Backend.CUDA && p.method().equals("model")) {
      // the model tier is libtorch's CPU build (bytedeco pytorch linux-x86_64): say so, never silently
      choice = new Backends.Choice(choice.requested(), cpu, choice.requested() == io.themachine.spi.ComputeDevice.CUDA,
          "the TorchScript tier runs on libtorch's CPU build");
      backend = cpu;
    }
    if (backend == Backend.CUDA) {
      try {
        backend.separation();
      } catch (RuntimeException e) {
        // CUDA is there but its separation kernels are not: run on the CPU and say so
        choice = new Backends.Choice(choice.requested(), cpu, true, "CUDA separation kernels unavailable: " + e.getClass().getSimpleName());
        backend = cpu;
      }
    }
    choice.record(ctx, in.id());
    if (p.method().equals("model")) {
      runModel(ctx, p, in, choice);
      return;
    }
    Separator sep = p.separator();
    List<String> stems = p.wanted(sep.stemNames());
    if (p.method().equals("centre")) {
      int ch = channels(in);
      if (ch > 0 && ch != 2) throw new ExtensionException("separate: method centre needs a stereo recording, got " + ch + " channels");
    }
    double seconds = seconds(in);
    if (p.holdsWholeSignal() && seconds > p.max_seconds()) {
      throw new MediaException(MediaException.Reason.TOO_LARGE, "separate: method " + p.method()
          + " holds the whole signal; input longer than max_seconds = " + SeparateParams.num(p.max_seconds()));
    }
    String precision = backend == Backend.SCALAR ? "float64" : "float32";
    AudioEncoding encoding = EncodingParam.of(p.encoding());
    List<ArtifactId> outs = new ArrayList<>();
    for (int i = 0; i < stems.size(); i++) {
      String stem = stems.get(i);
      ctx.checkCancelled();
      long t0 = System.nanoTime();
      long frames;
      int rate;
      AudioBlockReader src = guard(in.audio().open(), p, ctx);
      AudioBlockReader stemReader;
      try {
        rate = src.sampleRate();
        if (p.method().equals("centre") && src.channels() != 2) {
          throw new ExtensionException("separate: method centre needs a stereo recording, got " + src.channels() + " channels");
        }
        stemReader = sep.stream(src, stem, backend); // closes src when closed
      } catch (RuntimeException e) {
        src.close();
        throw e;
      }
      try (stemReader; ArtifactWriter w = ctx.newArtifact(ArtifactKind.AUDIO, encoding.fileExtension())) {
        w.writeAudio(stemReader, encoding);
        frames = stemReader.framesRead();
        double wall = (System.nanoTime() - t0) / 1e9;
        double rtf = frames == 0 ? 0 : (frames / (double) rate) / Math.max(wall, 1e-9);
        w.label("stem", stem);
        w.label("method", p.method());
        w.metric("separation.realtime_factor", rtf);
        w.metric("audio.frames", frames);
        w.metricJson("separation", json(stem, p, backend.name().toLowerCase(Locale.ROOT), precision, rtf, null));
        w.metricJson("backend", choice.toJson());
        outs.add(w.commit());
      } catch (IllegalArgumentException e) {
        // non-finite samples and the like: the message names the method and the sample, never the file
        throw new ExtensionException("separate: " + e.getMessage(), e);
      }
      ctx.progress((i + 1) / (double) stems.size());
      ctx.log().info("separated", "input", in.id(), "output", outs.get(outs.size() - 1), "stem_index", i, "frames", frames,
          "backend", backend);
    }
    ctx.progress(1.0);
  }

  private static void runModel(ExtensionContext<SeparateParams> ctx, SeparateParams p, InputArtifact in, Backends.Choice choice) {
    var available = ModelSeparation.availability();
    if (!available.available()) throw new ExtensionException("separate: model tier unavailable: " + available.reason());
    Path model = Path.of(p.model());
    Optional<Path> card = p.card().isBlank() ? Optional.empty() : Optional.of(Path.of(p.card()));
    // validated here, before the runner: messages name the parameter, never the path
    if (!java.nio.file.Files.isRegularFile(model)) throw new ExtensionException("separate: the model file (parameter model) does not exist");
    if (card.isPresent() && !java.nio.file.Files.isRegularFile(card.get())) {
      throw new ExtensionException("separate: the model card (parameter card) does not exist");
    }
    ModelOptions options = ModelOptions.defaults().seed(p.seed()).shifts(p.shifts()).batch(p.batch());
    if (p.overlap() != -1) options = options.overlap(p.overlap());
    try (ModelSeparation m = card.isPresent() ? ModelSeparation.open(model, card.get()) : ModelSeparation.open(model)) {
      List<String> all = m.stems(options);
      for (String s : p.stems()) {
        if (!s.equals("all") && !all.contains(s)) {
          throw new ExtensionException("separate: the model has no stem '" + s + "'; it has " + all);
        }
      }
      List<String> stems = p.wanted(all);
      AudioEncoding encoding = EncodingParam.of(p.encoding());
      long t0 = System.nanoTime();
      int rate;
      try (AudioBlockReader probe = in.audio().open()) {
        rate = probe.sampleRate();
      }
      try (StemReaders readers = m.readers(in.audio(), options)) {
        List<ArtifactId> outs = new ArrayList<>();
        for (int i = 0; i < stems.size(); i++) {
          String stem = stems.get(i);
          ctx.checkCancelled();
          AudioBlockReader r = readers.reader(stem);
          // stems come at the model's rate: back to the recording's so every stem lines up with it
          AudioBlockReader out = r.sampleRate() == rate ? r : new ResamplingReader(r, Resampler.highQuality(r.sampleRate(), rate));
          try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.AUDIO, encoding.fileExtension())) {
            w.writeAudio(out, encoding);
            double rtf = out.framesRead() / (double) rate / Math.max((System.nanoTime() - t0) / 1e9, 1e-9);
            w.label("stem", stem);
            w.label("method", "model");
            w.metric("separation.realtime_factor", rtf);
            w.metric("audio.frames", out.framesRead());
            w.metricJson("separation", json(stem, p, "libtorch-cpu", "float32", rtf, m.sha256()));
            w.metricJson("backend", choice.toJson());
            outs.add(w.commit());
          } catch (IllegalArgumentException e) {
            throw new ExtensionException("separate: " + e.getMessage(), e);
          }
          ctx.progress((i + 1) / (double) stems.size());
          ctx.log().info("separated", "input", in.id(), "output", outs.get(outs.size() - 1), "stem_index", i,
              "frames", out.framesRead(), "backend", choice.backend());
        }
      }
    } catch (ModelException e) {
      throw new ExtensionException("separate: " + e.getMessage(), e);
    }
  }

  /**
   * Checks for cancellation on every read and stops a whole-signal method once its input runs past
   * max_seconds, however long the probe said it was.
   */
  private static AudioBlockReader guard(AudioBlockReader r, SeparateParams p, ExtensionContext<?> ctx) {
    long limit = p.holdsWholeSignal() ? (long) Math.ceil(p.max_seconds() * r.sampleRate()) : Long.MAX_VALUE;
    return new AudioBlockReader() {
      @Override public int sampleRate() { return r.sampleRate(); }
      @Override public io.themachine.spi.audio.ChannelLayout layout() { return r.layout(); }
      @Override public int read(float[][] dst, int offset, int maxFrames) {
        ctx.checkCancelled();
        int n = r.read(dst, offset, maxFrames);
        if (r.framesRead() > limit) {
          throw new MediaException(MediaException.Reason.TOO_LARGE, "separate: method " + p.method()
              + " holds the whole signal; input longer than max_seconds = " + SeparateParams.num(p.max_seconds()));
        }
        return n;
      }
      @Override public long framesRead() { return r.framesRead(); }
      @Override public void close() { r.close(); }
    };
  }

  private static int channels(InputArtifact in) {
    try {
      return in.media().map(m -> m.layout() == null ? 0 : m.layout().channels()).orElse(0);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  private static double seconds(InputArtifact in) {
    try {
      MediaInfo m = in.media().orElse(null);
      if (m == null) return 0;
      Double s = m.decodedSeconds() != null ? m.decodedSeconds() : m.declaredSeconds();
      return s == null ? 0 : s;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  static String json(String stem, SeparateParams p, String backend, String precision, double rtf, String modelHash) {
    StringBuilder b = new StringBuilder("{\"stem\":\"").append(stem).append("\",\"method\":\"").append(p.method())
        .append("\",\"params\":").append(p.json()).append(",\"backend\":\"").append(backend)
        .append("\",\"precision\":\"").append(precision).append("\",\"realtime_factor\":")
        .append(Double.isFinite(rtf) ? String.format(Locale.ROOT, "%.3f", rtf) : "null");
    if (modelHash != null) b.append(",\"model_hash\":\"").append(modelHash).append('"');
    return b.append('}').toString();
  }
}
