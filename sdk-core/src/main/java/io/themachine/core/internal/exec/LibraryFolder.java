package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.internal.store.AtomicWrite;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The library folder's layout, and the rules for opening one:
 *
 * <pre>
 * themachine-library.json   marker: format version (created first, atomically)
 * registry.db               SQLite registry (+ -wal, -shm while open)
 * store/sha256/ab/&lt;hex&gt;.ext  content-addressed artifacts; store/tmp/ for writes in flight
 * secrets/library.key       per-library secret, mode 0600; never exported
 * exports/                  manifests written by export
 * logs/                     log files of the CLI
 * cache/                    scratch space of running jobs, device kernel caches
 * writer.lock               the writer lock (holds the writer's pid)
 * writer.dirty              present while a writer runs; found at the next write, it triggers recovery
 * </pre>
 *
 * A missing or empty folder becomes a library; a folder holding anything else is refused.
 */
public record LibraryFolder(Path root, boolean writable) {
  public static final String MARKER = "themachine-library.json";
  public static final String REGISTRY = "registry.db";
  public static final String STORE = "store";
  public static final String SECRETS = "secrets";
  public static final String EXPORTS = "exports";
  public static final String LOGS = "logs";
  public static final String CACHE = "cache";
  public static final String LOCK = "writer.lock";
  public static final String DIRTY = "writer.dirty";
  static final int FORMAT = 1;
  private static final String INIT_PREFIX = ".themachine-init-";

  public static LibraryFolder openOrCreate(Path folder) {
    Path root = folder.toAbsolutePath().normalize();
    if (Files.exists(root) && !Files.isDirectory(root)) {
      throw new LibrarianException(Reason.NOT_A_LIBRARY, "the library path is a file, not a folder");
    }
    Path marker = root.resolve(MARKER);
    if (!Files.exists(marker)) {
      if (!Files.isDirectory(root) || isEmpty(root)) {
        create(root, marker);
      } else if (!Files.exists(marker)) {
        // Look again after the listing: a process creating this library publishes the marker before
        // anything else, so files listed after our first look mean its marker exists by now.
        throw new LibrarianException(Reason.NOT_A_LIBRARY,
            "the folder is not a library (no " + MARKER + ") and is not empty; choose a new or empty folder");
      }
    }
    checkMarker(marker);
    return new LibraryFolder(root, probeWritable(root));
  }

  private static boolean isEmpty(Path root) {
    try (Stream<Path> s = Files.list(root)) {
      // Another process may be creating the library right now: its init temporaries do not count.
      return s.allMatch(p -> p.getFileName().toString().startsWith(INIT_PREFIX));
    } catch (IOException e) {
      throw new LibrarianException(Reason.IO, "the library folder cannot be listed: " + e.getClass().getSimpleName());
    }
  }

  private static void create(Path root, Path marker) {
    Path temp = root.resolve(INIT_PREFIX + UUID.randomUUID());
    try {
      Files.createDirectories(root);
      Files.writeString(temp, "{\"format\":" + FORMAT + ",\"kind\":\"themachine-library\"}\n", StandardCharsets.UTF_8);
      AtomicWrite.fsync(temp);
      AtomicWrite.publishIfAbsent(temp, marker); // a concurrent creator may have won: same content
    } catch (AccessDeniedException e) {
      throw new LibrarianException(Reason.READ_ONLY, "the library folder cannot be created here: permission denied");
    } catch (FileSystemException e) {
      if (String.valueOf(e.getReason()).contains("Read-only")) {
        throw new LibrarianException(Reason.READ_ONLY, "the library folder cannot be created: read-only file system");
      }
      throw new LibrarianException(Errors.isDiskFull(e) ? Reason.DISK_FULL : Reason.IO,
          "the library folder cannot be created: " + e.getClass().getSimpleName());
    } catch (IOException e) {
      throw new LibrarianException(Reason.IO, "the library folder cannot be created: " + e.getClass().getSimpleName());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // an init temporary is ignored by later opens
      }
    }
  }

  private static void checkMarker(Path marker) {
    try {
      var n = Json.tree(Files.readString(marker, StandardCharsets.UTF_8));
      if (!"themachine-library".equals(n.path("kind").asString())) {
        throw new LibrarianException(Reason.NOT_A_LIBRARY, "the folder's " + MARKER + " is not a library marker");
      }
      int format = n.path("format").asInt();
      if (format > FORMAT) {
        throw new LibrarianException(Reason.NEWER_FORMAT, "the library has format " + format + "; this SDK reads up to " + FORMAT);
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof LibrarianException le) throw le;
      throw new LibrarianException(Reason.NOT_A_LIBRARY, "the folder's " + MARKER + " cannot be read");
    }
  }

  /** Root ignores permission bits, so ask the file system itself: try to create a file. */
  private static boolean probeWritable(Path root) {
    Path probe = root.resolve(".write-probe-" + UUID.randomUUID());
    try {
      Files.createFile(probe);
      Files.delete(probe);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
