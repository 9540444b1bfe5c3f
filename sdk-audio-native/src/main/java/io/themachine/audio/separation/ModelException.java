package io.themachine.audio.separation;

/**
 * A model could not be loaded or run: a corrupt or foreign TorchScript file, a card that does not fit
 * the graph, libtorch refusing a call, or input it cannot take (NaN). The message names the call and
 * what was wrong, never a file name or path.
 */
public class ModelException extends RuntimeException {
  public ModelException(String message) {
    super(message);
  }

  public ModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
