package io.themachine.core.manifest;

/**
 * A written manifest.
 *
 * @param rows the number of JSONL rows (one per artifact)
 * @param file where it was written, relative to the library folder (e.g. {@code exports/manifest-….jsonl}), or null for a stream
 */
public record ManifestExport(long rows, String file) {}
