package io.themachine.spi.audio;

/**
 * What {@link MediaProbe#sanitize} wrote.
 *
 * @param method        {@code stream-copy} when the audio stream was copied untouched,
 *                      {@code lossless-reencode} when the container forced a lossless re-encode
 * @param fileExtension the extension the sanitized file should be stored under
 * @param media         the probe of the sanitized copy (which must report {@code hadTags == false})
 * @param originalHadTags whether the original carried tags, pictures, chapters or other streams
 *                      (read from its header while copying, so ingest need not probe it separately)
 */
public record SanitizeResult(String method, String fileExtension, MediaInfo media, boolean originalHadTags) {}
