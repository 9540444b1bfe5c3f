package io.themachine.core.manifest;

import java.util.List;

/**
 * What {@code Librarian.verify()} found: registry against store, and SQLite's own check.
 *
 * @param artifacts rows checked
 * @param files     stored files seen
 * @param problems  one line each, naming ids and store-relative paths only; empty when healthy
 * @param integrity {@code PRAGMA integrity_check}'s answer ("ok")
 */
public record VerifyReport(long artifacts, long files, List<String> problems, String integrity) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty() && "ok".equals(integrity);
  }

  @Override
  public String toString() {
    return "VerifyReport[" + (ok() ? "ok" : problems.size() + " problems") + ", " + artifacts + " artifacts, "
        + files + " files, integrity " + integrity + "]";
  }
}
