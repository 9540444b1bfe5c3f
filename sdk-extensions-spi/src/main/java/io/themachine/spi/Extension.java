package io.themachine.spi;

import java.util.Map;

/**
 * A plug-in processing step, found through {@link java.util.ServiceLoader} on the module path
 * ({@code provides io.themachine.spi.Extension with ...}) or the class path
 * ({@code META-INF/services/io.themachine.spi.Extension}).
 *
 * <p>Constructing one and calling {@link #descriptor()}, {@link #availability()} or
 * {@link #toolVersions()} must be cheap and must not load native code: listings construct every
 * extension on the path. Native work starts in {@link #run}.
 *
 * @param <P> the parameter record
 */
public interface Extension<P extends Record> {

  /** Id, version, kinds, scope and parameters. Called often; return a constant. */
  Descriptor<P> descriptor();

  /**
   * Whether it can run here, with the reason if not ("FFmpeg jars not on the path"). Must not
   * throw; probe by class name, not by loading native code.
   */
  default Availability availability() {
    return Availability.ok();
  }

  /**
   * Versions of the tools whose behaviour shapes the output (e.g. {@code ffmpeg -> 8.0.1}). They
   * are part of the step key, so an upgraded tool re-runs the step instead of reusing stale output.
   */
  default Map<String, String> toolVersions() {
    return Map.of();
  }

  /**
   * Runs once per unit of {@link Descriptor#scope()}. Outputs go through {@link
   * ExtensionContext#newArtifact}; nothing the run writes elsewhere is kept. Throw {@link
   * ExtensionException} with a message free of paths and personal data to fail the job.
   */
  void run(ExtensionContext<P> context) throws Exception;
}
