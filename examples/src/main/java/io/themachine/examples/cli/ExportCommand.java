package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.manifest.ManifestExport;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export the manifest (one JSON line per artifact) to the library's exports/ folder, a file, or stdout.")
final class ExportCommand extends LibraryCommand {
  enum Format { jsonl }

  @Option(names = "--format", defaultValue = "jsonl", paramLabel = "FORMAT", description = "Only jsonl (JSON Lines).")
  Format format;

  @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of exports/ ('-' for stdout).")
  Path out;

  @Override
  public Integer call() {
    try (Librarian lib = openExisting()) {
      ManifestExport e;
      String where;
      if (out == null) {
        e = lib.exportManifest();
        where = e.file() + " in the library";
      } else if (out.toString().equals("-")) {
        e = lib.exportManifest(app.out);
        app.out.flush();
        return TheMachine.OK;
      } else {
        e = toFile(lib, out);
        where = "the --out file";
      }
      log(lib, "export rows=" + e.rows() + (e.file() != null ? " file=" + e.file() : " file=(--out)"));
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("format", format.name());
        o.put("rows", e.rows());
        o.put("file", e.file());
        printJson(o);
      } else {
        say("exported " + e.rows() + " manifest rows to " + where);
      }
      return TheMachine.OK;
    }
  }

  /** Writes beside the target and renames, so a reader never sees half a manifest. */
  private static ManifestExport toFile(Librarian lib, Path target) {
    Path abs = target.toAbsolutePath();
    Path temp = abs.resolveSibling("." + abs.getFileName() + ".part");
    try {
      if (abs.getParent() != null) Files.createDirectories(abs.getParent());
      ManifestExport e;
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        e = lib.exportManifest(os);
      }
      Files.move(temp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return e;
    } catch (IOException ex) {
      throw new TheMachine.CliException("cannot write the --out file: " + ex.getClass().getSimpleName());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // best effort
      }
    }
  }
}
