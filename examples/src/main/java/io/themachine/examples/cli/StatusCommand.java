package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.LibraryStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Recordings, artifacts and jobs by state.")
final class StatusCommand extends LibraryCommand {
  @Override
  public Integer call() {
    LibraryStatus s;
    try (Librarian lib = openExisting()) {
      s = lib.status();
    }
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("recordings", s.recordings());
      o.put("artifacts", s.artifacts());
      o.put("jobs", s.jobs());
      o.put("read_only", s.readOnly());
      o.put("media", s.media());
      printJson(o);
    } else {
      say("recordings  " + s.recordings());
      say("artifacts   " + s.artifacts());
      StringBuilder jobs = new StringBuilder();
      s.jobs().forEach((k, v) -> jobs.append(jobs.isEmpty() ? "" : ", ").append(v).append(' ').append(k));
      say("jobs        " + (jobs.isEmpty() ? "none" : jobs));
      say("media       " + s.media());
      if (s.readOnly()) say("read-only");
    }
    return TheMachine.OK;
  }
}
