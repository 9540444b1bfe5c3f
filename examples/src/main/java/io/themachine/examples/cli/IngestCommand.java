package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.job.IngestReport;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest recordings (files and folders); creates the library when missing. "
        + "Inputs are reported by number and job id, never by name.")
final class IngestCommand extends LibraryCommand {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or folders to ingest.")
  List<Path> paths;

  @Override
  public Integer call() {
    IngestReport r;
    try (Librarian lib = openOrCreate()) {
      r = lib.ingest(paths);
      log(lib, "ingest added=" + r.added().size() + " duplicates=" + r.duplicates() + " failed=" + r.failures().size()
          + " skipped=" + r.skipped() + failedJobs(r));
    }
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("added", r.added().stream().map(Jsons::recording).toList());
      o.put("duplicates", r.duplicates());
      o.put("failed", r.failures().stream().map(f -> Map.of("input", f.input(), "job", f.job().toString(), "error",
          String.valueOf(f.error()))).toList());
      o.put("skipped", r.skipped());
      printJson(o);
    } else {
      say("ingest: " + r.summary().replace("\n  failed:", "\n  failed job:"));
    }
    if (!r.ok()) {
      if (quiet || json) app.err.println("ingest: " + r.failures().size() + " input(s) failed" + failedJobs(r));
      return TheMachine.JOBS_FAILED;
    }
    return TheMachine.OK;
  }

  private static String failedJobs(IngestReport r) {
    if (r.failures().isEmpty()) return "";
    return " jobs=" + String.join(",", r.failures().stream().map(f -> f.job().toString()).toList());
  }
}
