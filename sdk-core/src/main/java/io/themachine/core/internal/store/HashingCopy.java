package io.themachine.core.internal.store;

import io.themachine.spi.ArtifactId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Copies a stream while hashing it, so a file is read once to be both stored and addressed. */
public final class HashingCopy {
  /** Large enough that the copy is bound by the digest, not by system calls. */
  static final int BUFFER = 1 << 20;

  private HashingCopy() {}

  /** The result: the content id and the number of bytes copied. */
  public record Result(ArtifactId id, long size) {}

  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JDK", e);
    }
  }

  /** Copies {@code in} to {@code out} (which may be null to hash only) and returns the id of the bytes. */
  public static Result copy(InputStream in, OutputStream out, byte[] buffer) throws IOException {
    MessageDigest md = sha256();
    long size = 0;
    for (int n; (n = in.read(buffer)) > 0; ) {
      md.update(buffer, 0, n);
      if (out != null) out.write(buffer, 0, n);
      size += n;
    }
    return new Result(ArtifactId.ofSha256(md.digest()), size);
  }

  public static Result copy(InputStream in, OutputStream out) throws IOException {
    return copy(in, out, new byte[BUFFER]);
  }
}
