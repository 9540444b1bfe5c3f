package io.themachine.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * What one run of an extension is given. Created by the librarian for each job; valid only during
 * {@link Extension#run}.
 *
 * @param <P> the extension's parameter record
 */
public interface ExtensionContext<P extends Record> {
  /** The validated parameters: the descriptor's defaults overlaid with the pipeline's values. */
  P params();

  /** The inputs: one for a per-recording step, the group's members for a call-group step, all for a library step. */
  List<InputArtifact> inputs();

  /** The single input of a per-recording step; throws if there is not exactly one. */
  default InputArtifact input() {
    List<InputArtifact> in = inputs();
    if (in.size() != 1) throw new IllegalStateException("expected one input, got " + in.size());
    return in.get(0);
  }

  /** Starts an output artifact; its parents are this run's inputs. {@code fileExtension} like {@code "wav"}. */
  ArtifactWriter newArtifact(ArtifactKind kind, String fileExtension);

  /** Attaches a number to an existing artifact, typically an input (e.g. a recording's loudness). */
  void metric(ArtifactId target, String name, double value);

  /** Attaches a small JSON value (at most 64 KiB) to an existing artifact. */
  void metricJson(ArtifactId target, String name, String json);

  /** Reports progress of this run, 0 to 1. Cheap; call as often as convenient. */
  void progress(double fraction);

  /** True once the run was cancelled; long loops should check it and stop. */
  boolean cancelled();

  /** Throws {@link java.util.concurrent.CancellationException} when cancelled. */
  default void checkCancelled() {
    if (cancelled()) throw new java.util.concurrent.CancellationException("run cancelled");
  }

  /** Where the pipeline prefers heavy work to run. */
  ComputeDevice device();

  /** The PII-free logger for this run. */
  ExtensionLog log();

  /** A private scratch folder, deleted after the run. */
  Path scratch();

  /** This run's job id (UUIDv7). */
  UUID jobId();

  /** The step key: SHA-256 over extension, version, canonical params, input ids and tool versions. */
  String stepKey();
}
