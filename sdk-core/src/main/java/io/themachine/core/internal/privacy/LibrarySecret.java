package io.themachine.core.internal.privacy;

import io.themachine.core.internal.store.AtomicWrite;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.UUID;

/**
 * The per-library secret: 32 random bytes in {@code secrets/library.key}, mode 0600, created once
 * at init and never logged, printed or exported. Two processes creating it at the same moment
 * agree on one key: each writes a private temporary and links it into place, and the loser reads
 * the winner's.
 */
public final class LibrarySecret {
  private static final int BYTES = 32;

  private LibrarySecret() {}

  public static byte[] loadOrCreate(Path secretsDir, boolean mayCreate) throws IOException {
    Path key = secretsDir.resolve("library.key");
    if (Files.isRegularFile(key)) return read(key);
    if (!mayCreate) throw new IOException("library secret missing");
    Files.createDirectories(secretsDir);
    try {
      Files.setPosixFilePermissions(secretsDir, PosixFilePermissions.fromString("rwx------"));
    } catch (UnsupportedOperationException ignored) {
      // not a POSIX file system; the folder keeps its default permissions
    }
    byte[] secret = new byte[BYTES];
    new SecureRandom().nextBytes(secret);
    Path temp = secretsDir.resolve(".key-" + UUID.randomUUID());
    try {
      try {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (UnsupportedOperationException e) {
        Files.createFile(temp);
      }
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(secret));
        ch.force(true);
      }
      try {
        Files.createLink(key, temp);
        AtomicWrite.fsyncDirectory(secretsDir);
      } catch (FileAlreadyExistsException lost) {
        Arrays.fill(secret, (byte) 0);
        return read(key);
      }
      return secret;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static byte[] read(Path key) throws IOException {
    byte[] b = Files.readAllBytes(key);
    if (b.length != BYTES) throw new IOException("library secret has the wrong length");
    return b;
  }
}
