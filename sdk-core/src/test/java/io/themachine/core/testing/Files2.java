package io.themachine.core.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Test inputs: seeded random bytes, so every run makes the same files. */
public final class Files2 {
  private Files2() {}

  public static Path random(Path file, int size, long seed) throws IOException {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    Files.createDirectories(file.getParent());
    return Files.write(file, b);
  }

  public static Path text(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Reads every byte under {@code dir}. */
  public static byte[] allBytes(Path dir) throws IOException {
    var out = new java.io.ByteArrayOutputStream();
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        try {
          out.write(Files.readAllBytes(p));
        } catch (IOException ignored) {
          // vanished while reading (a -shm file); nothing to search
        }
      }
    }
    return out.toByteArray();
  }

  public static boolean contains(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return true;
    }
    return false;
  }

  /** The artifact id of a file's bytes. */
  public static String sha(Path file) throws IOException {
    try {
      var md = java.security.MessageDigest.getInstance("SHA-256");
      return "sha256:" + java.util.HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
