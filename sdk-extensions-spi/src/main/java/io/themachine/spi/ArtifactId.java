package io.themachine.spi;

import java.util.HexFormat;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content address: {@code sha256:} followed by the 64 lower-case hex digits of the SHA-256 of an
 * artifact's bytes. Equal bytes have equal ids, so ids are stable across runs and machines.
 */
public record ArtifactId(String value) implements Comparable<ArtifactId> {
  private static final Pattern FORM = Pattern.compile("sha256:[0-9a-f]{64}");

  public ArtifactId {
    Objects.requireNonNull(value, "value");
    if (!FORM.matcher(value).matches()) {
      throw new IllegalArgumentException("not an artifact id (want sha256:<64 hex digits>)");
    }
  }

  /** Parses {@code sha256:<hex>}. */
  public static ArtifactId of(String value) {
    return new ArtifactId(value);
  }

  /** The id of a SHA-256 digest. */
  public static ArtifactId ofSha256(byte[] digest) {
    if (digest.length != 32) throw new IllegalArgumentException("SHA-256 digest must be 32 bytes");
    return new ArtifactId("sha256:" + HexFormat.of().formatHex(digest));
  }

  /** The 64 hex digits. */
  public String hex() {
    return value.substring(7);
  }

  /** {@code sha256:9f2c4e1a…}: enough to recognise, for display. */
  public String shortForm() {
    return value.substring(0, 15) + "…";
  }

  @Override
  public int compareTo(ArtifactId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
