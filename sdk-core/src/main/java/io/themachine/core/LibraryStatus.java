package io.themachine.core;

import java.util.Map;

/**
 * A library at a glance.
 *
 * @param jobs  job counts by state ({@code done}, {@code failed}, {@code cached}, …)
 * @param media which media backend ingest uses, or why none
 */
public record LibraryStatus(int recordings, long artifacts, Map<String, Long> jobs, boolean readOnly, String media) {
  @Override
  public String toString() {
    return "LibraryStatus[" + recordings + " recordings, " + artifacts + " artifacts, jobs " + jobs
        + (readOnly ? ", read-only" : "") + ", media: " + media + "]";
  }
}
