package io.themachine.core.internal.registry;

/** The registry's rows, as plain records. JSON columns travel as strings. */
public final class Rows {
  private Rows() {}

  public record ArtifactRow(String id, String kind, String path, long size, String media, String labels,
      String createdJob, long createdAt) {}

  public record RecordingRow(String artifactId, String pseudonym, String storedAs, Boolean hadTags,
      String groupId, String role, String ingestJob, long ingestedAt) {}

  public record JobRow(String id, String runId, String stepName, String extension, String version,
      String params, String stepKey, String inputs, String state, long queuedAt, Long startedAt,
      Long finishedAt, String error) {}

  public record MetricRow(String artifactId, String name, String stepKey, Double value, String json) {}

  public record StepRow(String stepKey, String jobId, String extension, String version, String params,
      String toolVersions, long completedAt) {}

  /** Everything a finished job records, written in one transaction. */
  public record StepCommit(StepRow step, java.util.List<ArtifactRow> artifacts,
      java.util.List<String[]> parents, java.util.List<MetricRow> metrics) {}
}
