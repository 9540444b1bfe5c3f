package io.themachine.audio.separation;

import io.themachine.audio.Backend;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.AudioSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The model tier's seam: a user's TorchScript separation model (with its model card) run over a
 * recording, one stem at a time. {@code separate} with {@code method: model} validates its
 * parameters and then calls {@link #open}; the TorchScript runner ({@code internal.torch}) plugs in
 * here. Until it is connected, {@link #open} throws "model tier not available".
 */
public interface ModelSeparation extends AutoCloseable {
  /** The stems the model card declares, in order. */
  List<String> stems();

  /** {@code sha256:<hex>} of the model file, recorded on every stem. */
  String modelHash();

  /** The arithmetic the model runs in ({@code float32}, ...). */
  String precision();

  /** Which backend runs the model. */
  Backend backend();

  /** One stem of {@code input}, streamed at the input's rate and layout, as long as the input. */
  AudioBlockReader stem(AudioSource input, String stem);

  @Override
  void close();

  /**
   * Loads a model and its card (the card defaults to the one beside the model).
   *
   * @throws ExtensionException "model tier not available: ..." while no runner is connected
   */
  static ModelSeparation open(Path model, Optional<Path> card, Backend backend) {
    throw new ExtensionException("model tier not available: the TorchScript runner is not part of this build");
  }
}
