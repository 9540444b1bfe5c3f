package io.themachine.spi;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version, {@code MAJOR.MINOR.PATCH} with an optional {@code -pre-release}. An
 * extension bumps it whenever its output for the same input and parameters may change, because
 * the version is part of every step key: a new version means cached results are not reused.
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease)
    implements Comparable<SemanticVersion> {
  private static final Pattern FORM =
      Pattern.compile("(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)(?:-([0-9A-Za-z.-]+))?");

  public SemanticVersion {
    if (major < 0 || minor < 0 || patch < 0) throw new IllegalArgumentException("negative version");
    preRelease = preRelease == null ? "" : preRelease;
  }

  public static SemanticVersion parse(String text) {
    Matcher m = FORM.matcher(Objects.requireNonNull(text, "text"));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a semantic version (MAJOR.MINOR.PATCH): " + text);
    }
    return new SemanticVersion(
        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), m.group(4));
  }

  @Override
  public int compareTo(SemanticVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) c = Integer.compare(minor, o.minor);
    if (c == 0) c = Integer.compare(patch, o.patch);
    if (c == 0) {
      // A pre-release sorts before its release.
      if (preRelease.isEmpty() != o.preRelease.isEmpty()) return preRelease.isEmpty() ? 1 : -1;
      c = preRelease.compareTo(o.preRelease);
    }
    return c;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
