package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.audio.MediaException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Turns a failure into the text stored with a failed job and shown to users. File-system
 * exceptions carry paths in their messages, so only their type is kept; every other message has
 * anything shaped like an absolute path replaced, as a second line of defence.
 */
public final class Errors {
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])/[^\\s'\",;:)]+");
  private static final int MAX = 500;

  private Errors() {}

  public static String describe(Throwable t) {
    String text;
    if (t instanceof IOException || t instanceof java.io.UncheckedIOException) {
      Throwable io = t instanceof java.io.UncheckedIOException u ? u.getCause() : t;
      text = isDiskFull(io) ? "no space left on device" : "I/O error (" + io.getClass().getSimpleName() + ")";
    } else if (t instanceof ExtensionException || t instanceof MediaException || t instanceof LibrarianException
        || t instanceof IllegalArgumentException || t instanceof IllegalStateException) {
      text = scrub(String.valueOf(t.getMessage()));
    } else {
      text = t.getClass().getSimpleName() + (t.getMessage() != null ? ": " + scrub(t.getMessage()) : "");
    }
    return text.length() > MAX ? text.substring(0, MAX) + "…" : text;
  }

  public static String scrub(String s) {
    return ABSOLUTE_PATH.matcher(s).replaceAll("<path>");
  }

  public static boolean isDiskFull(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && (m.contains("No space left on device") || m.contains("Disk quota exceeded"))) return true;
    }
    return false;
  }
}
