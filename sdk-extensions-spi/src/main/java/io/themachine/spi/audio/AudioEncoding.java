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

  /** The file extension to store it under. */
  public String fileExtension() {
    return container;
  }
}
