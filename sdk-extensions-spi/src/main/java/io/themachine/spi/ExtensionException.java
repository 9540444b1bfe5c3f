package io.themachine.spi;

/**
 * An extension's run failed in a way it understands. The message is recorded with the failed job
 * and shown to users, so it names ids, functions and numbers, never a path, file name or tag value.
 */
public class ExtensionException extends RuntimeException {
  public ExtensionException(String message) {
    super(message);
  }

  public ExtensionException(String message, Throwable cause) {
    super(message, cause);
  }
}
