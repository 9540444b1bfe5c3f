package io.themachine.spi.audio;

/**
 * What a probe learned about a media file. No tag values, names or paths: only the fact that tags
 * were present.
 *
 * @param container         container format, e.g. {@code wav}, {@code flac}, {@code mp3}, {@code matroska}
 * @param codec             audio codec, e.g. {@code pcm_s16le}, {@code flac}, {@code opus}
 * @param sampleRate        samples per second per channel
 * @param layout            channel layout
 * @param declaredSeconds   duration the header claims, or null when it claims none
 * @param decodedSeconds    duration counted by decoding, or null when not decoded yet
 * @param hadTags           true when the file carried metadata tags, chapters, pictures or other non-audio streams
 * @param truncated         true when decoding ended early on damaged or missing data
 * @param nonFiniteSamples  NaN or infinite samples counted while decoding
 */
public record MediaInfo(
    String container,
    String codec,
    int sampleRate,
    ChannelLayout layout,
    Double declaredSeconds,
    Double decodedSeconds,
    boolean hadTags,
    boolean truncated,
    long nonFiniteSamples) {

  public int channels() {
    return layout.channels();
  }

  @Override
  public String toString() {
    Double s = decodedSeconds != null ? decodedSeconds : declaredSeconds;
    return String.format(java.util.Locale.ROOT, "MediaInfo[%s/%s, %d Hz, %s, %s%s]",
        container, codec, sampleRate, layout, s == null ? "? s" : String.format(java.util.Locale.ROOT, "%.3f s", s),
        truncated ? ", truncated" : "");
  }
}
