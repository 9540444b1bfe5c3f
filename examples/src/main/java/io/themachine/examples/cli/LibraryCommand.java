package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Options every library subcommand shares: {@code --library}, {@code --quiet}, {@code --json}. */
abstract class LibraryCommand implements Callable<Integer> {
  /** The marker file of a library folder. */
  static final String MARKER = "themachine-library.json";

  @ParentCommand TheMachine app;

  @Option(names = "--library", paramLabel = "DIR",
      description = "The library folder (default: $THEMACHINE_LIBRARY, else 'library' in the working directory).")
  Path library;

  @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
  boolean quiet;

  @Option(names = "--json", description = "Print one JSON document on stdout, for machines.")
  boolean json;

  Path libraryPath() {
    if (library != null) return library;
    String env = app.env.get("THEMACHINE_LIBRARY");
    return env != null && !env.isBlank() ? Path.of(env) : defaultLibrary();
  }

  Path defaultLibrary() {
    return Path.of("library");
  }

  static boolean isLibrary(Path folder) {
    return Files.isRegularFile(folder.resolve(MARKER));
  }

  /** Opens an existing library; a missing one is an error (exit 2), never created here. */
  Librarian openExisting() {
    Path p = libraryPath();
    if (!isLibrary(p)) {
      throw new LibrarianException(Reason.NOT_A_LIBRARY,
          "no library in the --library folder (no " + MARKER + "); create one with `themachine init` or `themachine ingest`");
    }
    return Librarian.open(p, app.libraryOptions());
  }

  /** Opens the library, creating it when the folder is missing or empty. */
  Librarian openOrCreate() {
    return Librarian.open(libraryPath(), app.libraryOptions());
  }

  /** A line for a person on stdout, unless --quiet or --json. */
  void say(String line) {
    if (!quiet && !json) app.out.println(line);
  }

  void printJson(Object value) {
    app.out.println(Jsons.write(value));
  }

  /**
   * Appends one record to the library's {@code logs/cli.log}: a time, the command and counts or
   * ids, never a path, a name or a tag value. Best effort: a read-only library gets no log.
   */
  void log(Librarian lib, String record) {
    if (lib.readOnly()) return;
    try {
      Path logs = libraryPath().resolve("logs");
      Files.createDirectories(logs);
      Files.writeString(logs.resolve("cli.log"), Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + record + "\n",
          StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      // logging must never fail a command
    }
  }
}
