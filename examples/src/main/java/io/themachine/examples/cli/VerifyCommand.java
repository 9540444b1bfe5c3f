package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.manifest.VerifyReport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check the registry against the store (every row's file exists with its hash, every file has a row) "
        + "and SQLite's integrity. Exit 1 when there are problems.")
final class VerifyCommand extends LibraryCommand {
  @Override
  public Integer call() {
    VerifyReport r;
    try (Librarian lib = openExisting()) {
      r = lib.verify();
      log(lib, "verify ok=" + r.ok() + " artifacts=" + r.artifacts() + " files=" + r.files() + " problems=" + r.problems().size());
    }
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("ok", r.ok());
      o.put("artifacts", r.artifacts());
      o.put("files", r.files());
      o.put("integrity", r.integrity());
      o.put("problems", r.problems());
      printJson(o);
    } else {
      say((r.ok() ? "ok: " : "PROBLEMS: ") + r.artifacts() + " artifacts, " + r.files() + " files, integrity " + r.integrity());
      for (String p : r.problems()) say("  " + p);
    }
    if (!r.ok() && (quiet || json)) app.err.println("verify: " + r.problems().size() + " problem(s)");
    return r.ok() ? TheMachine.OK : TheMachine.JOBS_FAILED;
  }
}
