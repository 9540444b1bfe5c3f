package io.themachine.core.internal.exec;

import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.store.ContentStore;
import io.themachine.core.internal.store.HashingCopy;
import io.themachine.core.manifest.VerifyReport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The library's fsck: registry rows against stored files, both ways, plus SQLite's integrity check. */
public final class Verifier {
  private final LibraryContext lib;

  public Verifier(LibraryContext lib) {
    this.lib = lib;
  }

  public VerifyReport verify() {
    List<String> problems = new ArrayList<>();
    Set<String> rowPaths = new HashSet<>();
    long[] rows = {0};
    lib.registry().forEachArtifact(a -> {
      rows[0]++;
      rowPaths.add(a.path());
      check(a, problems);
    });
    List<String> files;
    try {
      files = lib.store().list();
      for (String s : lib.store().strays()) problems.add("stray file in the store: " + s);
      int temps = lib.store().countTemp();
      if (temps > 0) problems.add(temps + " temporary files in store/tmp (a writer is running, or one was killed; the next write cleans up)");
    } catch (IOException e) {
      problems.add("the store cannot be listed: " + e.getClass().getSimpleName());
      files = List.of();
    }
    for (String f : files) {
      if (!rowPaths.contains(f)) problems.add("stored file without a registry row: " + f);
    }
    String integrity = lib.registry().integrityCheck();
    return new VerifyReport(rows[0], files.size(), problems, integrity);
  }

  private void check(ArtifactRow a, List<String> problems) {
    if (!lib.store().exists(a.path())) {
      problems.add("missing file for " + a.id() + " (" + a.path() + ")");
      return;
    }
    try {
      HashingCopy.Result r = lib.store().hash(a.path());
      if (!r.id().value().equals(a.id())) problems.add("content of " + a.path() + " does not match its id " + a.id());
      if (r.size() != a.size()) problems.add("size of " + a.id() + " is " + r.size() + ", registry says " + a.size());
      if (!ContentStore.idOf(a.path()).value().equals(a.id())) problems.add("path of " + a.id() + " names another id");
    } catch (IOException e) {
      problems.add("cannot read " + a.path() + ": " + e.getClass().getSimpleName());
    }
  }
}
