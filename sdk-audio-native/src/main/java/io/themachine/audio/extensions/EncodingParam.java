package io.themachine.audio.extensions;

import io.themachine.spi.ParamException;
import io.themachine.spi.audio.AudioEncoding;

/** The {@code encoding} parameter that audio-writing extensions share: one set of names for all of them. */
final class EncodingParam {
  private EncodingParam() {}

  /** {@link AudioEncoding#named}, failing as a {@link ParamException} on the field {@code encoding}. */
  static AudioEncoding of(String name) {
    try {
      return AudioEncoding.named(name);
    } catch (IllegalArgumentException e) {
      throw new ParamException("encoding", e.getMessage());
    }
  }
}
