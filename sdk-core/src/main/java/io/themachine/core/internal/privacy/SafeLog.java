package io.themachine.core.internal.privacy;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.ExtensionLog;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ExtensionLog} given to extensions, and used by the core itself: events are constant
 * identifiers and values are numbers, booleans, enums, artifact ids or UUIDs. A string value is
 * refused, so a file name cannot reach a log line by accident.
 */
public final class SafeLog implements ExtensionLog {
  private static final Pattern IDENT = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");
  private final Logger log;
  private final String prefix;

  public SafeLog(String loggerName, String prefix) {
    this.log = LoggerFactory.getLogger(loggerName);
    this.prefix = prefix;
  }

  /** Formats an event line, checking every part. */
  public static String line(String event, Object... fields) {
    if (event == null || !IDENT.matcher(event).matches()) {
      throw new IllegalArgumentException("log event must be a constant identifier like 'decoded'");
    }
    if (fields.length % 2 != 0) throw new IllegalArgumentException("log fields come in key/value pairs");
    StringBuilder sb = new StringBuilder(event);
    for (int i = 0; i < fields.length; i += 2) {
      if (!(fields[i] instanceof String k) || !IDENT.matcher(k).matches()) {
        throw new IllegalArgumentException("log field names must be identifiers like 'gain_db'");
      }
      Object v = fields[i + 1];
      if (!(v == null || v instanceof Number || v instanceof Boolean || v instanceof Enum<?>
          || v instanceof ArtifactId || v instanceof UUID)) {
        throw new IllegalArgumentException("log field '" + k + "' holds a " + v.getClass().getSimpleName()
            + "; only numbers, booleans, enums, artifact ids and UUIDs may be logged");
      }
      sb.append(' ').append(k).append('=').append(v);
    }
    return sb.toString();
  }

  @Override
  public void debug(String event, Object... fields) {
    String l = line(event, fields);
    if (log.isDebugEnabled()) log.debug("{}{}", prefix, l);
  }

  @Override
  public void info(String event, Object... fields) {
    log.info("{}{}", prefix, line(event, fields));
  }

  @Override
  public void warn(String event, Object... fields) {
    log.warn("{}{}", prefix, line(event, fields));
  }
}
