package io.themachine.core.internal.exec;

import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.MetricRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.registry.Rows.StepRow;
import java.io.OutputStream;
import java.util.Optional;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes the manifest as JSON Lines, one row per artifact, straight from a registry cursor: the
 * manifest is never held in memory. Non-finite numbers are written as {@code null}.
 *
 * <p>A row: {@code id}, {@code kind}, {@code path} (relative to the store), {@code size},
 * {@code media}, {@code labels}, {@code recording} (pseudonym, stored_as, had_tags, group, role;
 * recordings only), {@code parents}, {@code step} (extension, version, params, key),
 * {@code job}, {@code metrics}.
 */
public final class ManifestWriter {
  private static final JsonFactory JSON = new JsonFactory();

  private final LibraryContext lib;

  public ManifestWriter(LibraryContext lib) {
    this.lib = lib;
  }

  public long write(OutputStream out) {
    long[] rows = {0};
    try (JsonGenerator g = JSON.createGenerator(ObjectWriteContext.empty(), new java.io.FilterOutputStream(out) {
      @Override public void close() throws java.io.IOException { flush(); }
    })) {
      lib.registry().forEachArtifact(a -> {
        row(g, a);
        g.flush();
        rows[0]++;
      });
    }
    return rows[0];
  }

  private void row(JsonGenerator g, ArtifactRow a) {
    g.writeStartObject();
    g.writeStringProperty("id", a.id());
    g.writeStringProperty("kind", a.kind());
    g.writeStringProperty("path", a.path());
    g.writeNumberProperty("size", a.size());
    g.writeName("media");
    raw(g, a.media());
    g.writeName("labels");
    raw(g, a.labels());
    Optional<RecordingRow> rec = lib.registry().recording(a.id());
    if (rec.isPresent()) {
      RecordingRow r = rec.get();
      g.writeObjectPropertyStart("recording");
      g.writeStringProperty("pseudonym", r.pseudonym());
      g.writeStringProperty("stored_as", r.storedAs());
      g.writeName("had_tags");
      if (r.hadTags() == null) g.writeNull(); else g.writeBoolean(r.hadTags());
      g.writeStringProperty("group", r.groupId());
      g.writeStringProperty("role", r.role());
      g.writeEndObject();
    }
    g.writeArrayPropertyStart("parents");
    for (String p : lib.registry().parents(a.id())) g.writeString(p);
    g.writeEndArray();
    Optional<StepRow> step = lib.registry().producingStep(a.id());
    g.writeName("step");
    if (step.isPresent()) {
      StepRow s = step.get();
      g.writeStartObject();
      g.writeStringProperty("extension", s.extension());
      g.writeStringProperty("version", s.version());
      g.writeName("params");
      raw(g, s.params());
      g.writeStringProperty("key", s.stepKey());
      g.writeEndObject();
    } else {
      g.writeStartObject();
      g.writeStringProperty("extension", "ingest");
      g.writeEndObject();
    }
    g.writeStringProperty("job", step.map(StepRow::jobId).orElse(a.createdJob()));
    g.writeObjectPropertyStart("metrics");
    // A later step's value of the same metric wins.
    var latest = new java.util.LinkedHashMap<String, MetricRow>();
    for (MetricRow m : lib.registry().metrics(a.id())) latest.put(m.name(), m);
    for (MetricRow m : latest.values()) {
      g.writeName(m.name());
      if (m.json() != null) raw(g, m.json());
      else if (m.value() == null) g.writeNull();
      else g.writeNumber(m.value());
    }
    g.writeEndObject();
    g.writeEndObject();
    g.writeRaw('\n');
  }

  private static void raw(JsonGenerator g, String json) {
    if (json == null) g.writeNull();
    else g.writeRawValue(json);
  }
}
