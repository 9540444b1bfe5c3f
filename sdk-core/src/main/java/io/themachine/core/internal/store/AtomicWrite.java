package io.themachine.core.internal.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The durable-publish sequence: a file written in full to a temporary name in the target's own
 * folder is fsynced, renamed over the final name, and the folder fsynced, so a reader (or a
 * process restarted after {@code kill -9}) sees either nothing or the whole file.
 */
public final class AtomicWrite {
  private AtomicWrite() {}

  /** Forces a file's bytes to disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /** Forces a folder's entries (a rename, a new file) to disk. Linux allows opening a folder read-only for this. */
  public static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // Some file systems refuse fsync on a directory; the rename is still atomic there.
      if (!(e.getMessage() != null && e.getMessage().contains("Is a directory"))) throw e;
    }
  }

  /** Renames {@code temp} to {@code target} (replacing it), then fsyncs the folder. {@code temp} must already be fsynced. */
  public static void publish(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("atomic rename not supported by this file system", e);
    }
    fsyncDirectory(target.getParent());
  }

  /**
   * Publishes {@code temp} as {@code target} only if no file has that name yet (a hard link, which
   * fails rather than replaces), then removes {@code temp}. Returns false when {@code target}
   * already existed; the caller's copy is then discarded.
   */
  public static boolean publishIfAbsent(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
      return false;
    } catch (UnsupportedOperationException e) {
      if (Files.exists(target)) {
        Files.deleteIfExists(temp);
        return false;
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(target.getParent());
      return true;
    }
    Files.delete(temp);
    fsyncDirectory(target.getParent());
    return true;
  }

  /** Writes {@code bytes} to {@code target} atomically. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".tmp-", ".part");
    try {
      Files.write(temp, bytes);
      fsync(temp);
      publish(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
