package io.themachine.spi;

/**
 * A logger that cannot carry personal data: the event is a constant identifier, and the fields
 * are key/value pairs whose values must be numbers, booleans, enums, {@link ArtifactId}s or UUIDs.
 * Anything else (a {@code String}, a {@code Path}) is rejected with {@link
 * IllegalArgumentException}, so a file name cannot reach a log by accident.
 *
 * <pre>{@code ctx.log().info("normalized", "input", id, "gain_db", 3.2, "limited", true);}</pre>
 */
public interface ExtensionLog {
  void debug(String event, Object... fields);

  void info(String event, Object... fields);

  void warn(String event, Object... fields);
}
