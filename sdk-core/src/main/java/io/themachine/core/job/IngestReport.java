package io.themachine.core.job;

import io.themachine.core.artifact.Recording;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What an ingest did. Inputs are numbered in the order they were found (files sorted within each
 * folder); a failure is reported by that number and its job id, never by name.
 *
 * @param added      recordings new to the library
 * @param duplicates inputs whose content was already in the library
 * @param skipped    symbolic links leading out of an input folder, and non-regular files
 */
public record IngestReport(List<Recording> added, int duplicates, List<Failure> failures, int skipped) {

  /** An input that could not be ingested. */
  public record Failure(int input, UUID job, String error) {
    @Override
    public String toString() {
      return "input #" + input + " (job " + job + "): " + error;
    }
  }

  public IngestReport {
    added = List.copyOf(added);
    failures = List.copyOf(failures);
  }

  public boolean ok() {
    return failures.isEmpty();
  }

  public String summary() {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d added, %d duplicate, %d failed, %d skipped",
        added.size(), duplicates, failures.size(), skipped));
    for (Failure f : failures) sb.append("\n  failed: ").append(f);
    return sb.toString();
  }

  @Override
  public String toString() {
    return "IngestReport[" + summary().lines().findFirst().orElse("") + "]";
  }
}
