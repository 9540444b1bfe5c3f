package io.themachine.spi.audio;

/**
 * How to encode audio into a file.
 *
 * @param container   {@code wav}, {@code flac}, {@code mp3}
 * @param codec       e.g. {@code pcm_s16le}, {@code pcm_s24le}, {@code pcm_f32le}, {@code flac}, {@code libmp3lame}
 * @param bitrateKbps for lossy codecs, else 0
 */
public record AudioEncoding(String container, String codec, int bitrateKbps) {
  public static AudioEncoding wav16() {
    return new AudioEncoding("wav", "pcm_s16le", 0);
  }

  public static AudioEncoding wav24() {
    return new AudioEncoding("wav", "pcm_s24le", 0);
  }

  public static AudioEncoding wavFloat() {
    return new AudioEncoding("wav", "pcm_f32le", 0);
  }

  public static AudioEncoding flac() {
    return new AudioEncoding("flac", "flac", 0);
  }

  public static AudioEncoding mp3(int kbps) {
    return new AudioEncoding("mp3", "libmp3lame", kbps);
  }

  /** The names {@link #named} accepts, as pipeline parameters spell them. */
  public static final java.util.List<String> NAMES = java.util.List.of("wav16", "wav24", "wav_float", "flac", "mp3");

  /**
   * An encoding by the name extensions take as a parameter: {@code wav16}, {@code wav24},
   * {@code wav_float} (alias {@code wav_f32}), {@code flac}, {@code mp3} (192 kb/s) or
   * {@code mp3_<kbps>}.
   *
   * @throws IllegalArgumentException for any other name, listing the accepted ones
   */
  public static AudioEncoding named(String name) {
    if (name != null && name.startsWith("mp3_")) {
      try {
        int kbps = Integer.parseInt(name.substring(4));
        if (kbps >= 8 && kbps <= 320) return mp3(kbps);
      } catch (NumberFormatException ignored) {
        // falls through to the error
      }
    }
    return switch (name == null ? "" : name) {
      case "wav16" -> wav16();
      case "wav24" -> wav24();
      case "wav_float", "wav_f32" -> wavFloat();
      case "flac" -> flac();
      case "mp3" -> mp3(192);
      default -> throw new IllegalArgumentException("must be one of " + String.join(", ", NAMES) + " or mp3_<kbps>, not '" + name + "'");
    };
  }

  /** The file extension to store it under. */
  public String fileExtension() {
    return container;
  }
}
