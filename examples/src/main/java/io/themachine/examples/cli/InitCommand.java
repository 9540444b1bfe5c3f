package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.LibraryStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(name = "init", mixinStandardHelpOptions = true, description = "Create a library (or check an existing one).")
final class InitCommand extends LibraryCommand {
  @Override
  public Integer call() {
    boolean existed = isLibrary(libraryPath());
    LibraryStatus s;
    try (Librarian lib = openOrCreate()) {
      s = lib.status();
      log(lib, "init existed=" + existed + " recordings=" + s.recordings());
    }
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("created", !existed);
      o.put("recordings", s.recordings());
      o.put("artifacts", s.artifacts());
      o.put("media", s.media());
      printJson(o);
    } else {
      say(existed ? "already a library: " + s.recordings() + " recordings, " + s.artifacts() + " artifacts"
          : "created an empty library");
      say("media backend: " + s.media());
      say("next: themachine ingest PATH... --library DIR");
    }
    return TheMachine.OK;
  }
}
