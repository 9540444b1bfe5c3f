package io.themachine.audio.internal.torch;

import java.io.InputStream;

/** Lets tests in other packages open this package's fixture resources (a named module's resources are encapsulated). */
public final class ModelSeparationTestAccess {
  private ModelSeparationTestAccess() {}

  public static InputStream fixture(String file) {
    return ModelSeparationTestAccess.class.getResourceAsStream(file);
  }
}
