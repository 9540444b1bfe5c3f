package io.themachine.spi;

/** The parameter record of an extension that takes none. */
public record NoParams() {
  public static final NoParams INSTANCE = new NoParams();
}
