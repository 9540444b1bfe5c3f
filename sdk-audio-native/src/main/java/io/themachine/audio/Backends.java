package io.themachine.audio;

import io.themachine.spi.Availability;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ComputeDevice;
import io.themachine.spi.ExtensionContext;
import java.util.Locale;
import java.util.Objects;

/**
 * Picks the backend an extension runs on from the pipeline's {@link ComputeDevice}, and never falls
 * back silently: the choice carries the reason, {@link Choice#record} logs a fallback (as a warning
 * with enum fields only, so no text reaches the log) and writes the choice as the metric
 * {@code backend} on the artifact, which the manifest keeps.
 *
 * <pre>{@code
 * var choice = Backends.choose(ctx.device(), Backend.bestForLoudness());
 * choice.record(ctx, input.id());
 * run(choice.backend());
 * }</pre>
 *
 * <ul>
 *   <li>{@code CPU}: the given CPU backend, no fallback.
 *   <li>{@code AUTO}: CUDA when available, else the CPU backend; not a fallback (AUTO allows both),
 *       but the reason CUDA was not used is kept.
 *   <li>{@code CUDA}: CUDA when available, else the CPU backend marked as a fallback with the
 *       probe's reason. Use {@link Choice#requireRequested()} where running elsewhere is wrong.
 * </ul>
 */
public final class Backends {
  private Backends() {}

  /**
   * What ran and why.
   *
   * @param requested the pipeline's device
   * @param backend   the backend that will run
   * @param fallback  true when {@code requested} was CUDA and it could not be used
   * @param reason    why this backend (the probe's reason when CUDA was not used)
   */
  public record Choice(ComputeDevice requested, Backend backend, boolean fallback, String reason) {
    public Choice {
      Objects.requireNonNull(requested, "requested");
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(reason, "reason");
    }

    /**
     * Logs a fallback as a warning ({@code backend_fallback}, enum fields) and records the choice as
     * the metric JSON {@code backend} on {@code target}: {@code {"requested":"cuda","ran":"vector",
     * "fallback":true,"reason":"..."}}.
     */
    public void record(ExtensionContext<?> ctx, ArtifactId target) {
      if (fallback) ctx.log().warn("backend_fallback", "requested", requested, "ran", backend);
      else ctx.log().debug("backend_chosen", "requested", requested, "ran", backend);
      ctx.metricJson(target, "backend", toJson());
    }

    /** Throws {@link IllegalStateException} with the reason when this is a fallback. */
    public Choice requireRequested() {
      if (fallback) throw new IllegalStateException(requested + " requested but unavailable: " + reason);
      return this;
    }

    /** The manifest's form of the choice. */
    public String toJson() {
      return "{\"requested\":\"" + requested.name().toLowerCase(Locale.ROOT) + "\",\"ran\":\""
          + backend.name().toLowerCase(Locale.ROOT) + "\",\"fallback\":" + fallback + ",\"reason\":\"" + escape(reason) + "\"}";
    }

    @Override
    public String toString() {
      return "Backend[" + backend + (fallback ? ", fallback from " + requested : "") + ": " + reason + "]";
    }
  }

  /** Chooses with the live CUDA probe. */
  public static Choice choose(ComputeDevice device, Backend cpu) {
    return choose(device, cpu, Backend.CUDA.availability());
  }

  /** Chooses against a given CUDA verdict (tests, or callers with their own probe). */
  public static Choice choose(ComputeDevice device, Backend cpu, Availability cuda) {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(cpu, "cpu");
    Objects.requireNonNull(cuda, "cuda");
    if (cpu == Backend.CUDA) throw new IllegalArgumentException("the CPU choice must be SCALAR or VECTOR");
    return switch (device) {
      case CPU -> new Choice(device, cpu, false, "CPU requested");
      case AUTO -> cuda.available()
          ? new Choice(device, Backend.CUDA, false, "CUDA available: " + cuda.reason())
          : new Choice(device, cpu, false, "CUDA not used: " + cuda.reason());
      case CUDA -> cuda.available()
          ? new Choice(device, Backend.CUDA, false, "CUDA requested: " + cuda.reason())
          : new Choice(device, cpu, true, "CUDA requested but unavailable: " + cuda.reason());
    };
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          else b.append(c);
        }
      }
    }
    return b.toString();
  }
}
