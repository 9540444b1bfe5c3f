package io.themachine.core.internal.registry;

import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.JobRow;
import io.themachine.core.internal.registry.Rows.MetricRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.registry.Rows.StepCommit;
import io.themachine.core.internal.registry.Rows.StepRow;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The library's registry. The librarian talks only to this interface; {@link SqliteRegistry} is the
 * implementation, plain JDBC, so another database can be configured later without touching the
 * core. Implementations are thread-safe.
 */
public interface Registry extends AutoCloseable {
  Optional<ArtifactRow> artifact(String id);

  /** Every artifact, streamed in id order from a cursor (never all in memory). */
  void forEachArtifact(Consumer<ArtifactRow> each);

  long countArtifacts();

  long countRecordings();

  /** Inserts a recording and its artifact row, unless the artifact is already a recording. Returns true when new. */
  boolean insertRecording(ArtifactRow artifact, RecordingRow recording);

  /** Creates a call group if it does not exist yet. */
  void ensureGroup(String groupId, long at);

  Optional<RecordingRow> recording(String artifactId);

  List<RecordingRow> recordings();

  Optional<String> memo(String fileKey, long size, long mtimeNs);

  void putMemo(String fileKey, long size, long mtimeNs, String artifactId);

  void insertJobs(List<JobRow> jobs);

  void startJob(String jobId, long at);

  void finishJob(String jobId, String state, long at, String error);

  Optional<JobRow> job(String id);

  /** Jobs a killed process left queued or running: marks them failed with {@code error}. Returns how many. */
  int failInterruptedJobs(String error, long at);

  Optional<StepRow> step(String stepKey);

  List<String> stepOutputs(String stepKey);

  /** The step that first produced {@code artifactId}, if any. */
  Optional<StepRow> producingStep(String artifactId);

  List<String> parents(String artifactId);

  List<MetricRow> metrics(String artifactId);

  /** Records a finished job's artifacts, parents, metrics, step and state in one transaction. */
  void commitStep(StepCommit commit, String jobState, long at);

  void insertRun(String id, String pipelineHash, long at);

  void finishRun(String id, String state, String counts, long at);

  /** Job counts by state. */
  java.util.Map<String, Long> jobCounts();

  /** {@code PRAGMA integrity_check}: "ok" when healthy. */
  String integrityCheck();

  /** Deletes an artifact row that nothing references (used to undo an orphan). */
  boolean isReferenced(String artifactId);

  /** Stores a sealed original name (the vault). */
  void insertVault(String artifactId, byte[] nonce, byte[] sealed);

  /** The sealed names of a recording, oldest first, as {nonce, sealed} pairs. */
  List<byte[][]> vault(String artifactId);

  @Override
  void close();
}
