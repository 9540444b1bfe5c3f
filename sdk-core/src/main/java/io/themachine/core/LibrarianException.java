package io.themachine.core;

/**
 * A library-level failure with a reason code and a message a person can act on. Messages never
 * contain a path, file name or tag value.
 */
public class LibrarianException extends RuntimeException {
  /** What went wrong, for code that branches on it. */
  public enum Reason {
    /** The folder exists and holds something else than a library. */
    NOT_A_LIBRARY,
    /** The library was made by a newer version of the SDK. */
    NEWER_FORMAT,
    /** Another process holds the writer lock. */
    LOCKED,
    /** The library folder cannot be written. */
    READ_ONLY,
    /** The disk filled up during a write; nothing partial was kept. */
    DISK_FULL,
    /** Some other I/O failure. */
    IO,
    /** The registry database failed. */
    REGISTRY,
    /** A pipeline file is missing, malformed or names unknown extensions or parameters. */
    INVALID_PIPELINE,
    /** Two extensions share an id, or one cannot be loaded. */
    EXTENSIONS,
    /** An id that names nothing in this library. */
    NOT_FOUND,
    /** Bad input from the caller. */
    INVALID_ARGUMENT,
    /** The library was closed. */
    CLOSED
  }

  private final Reason reason;

  public LibrarianException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public LibrarianException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
