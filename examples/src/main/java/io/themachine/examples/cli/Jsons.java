package io.themachine.examples.cli;

import io.themachine.core.artifact.Recording;
import io.themachine.spi.audio.MediaInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** JSON for --json: plain maps and lists, one line per document. */
final class Jsons {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private Jsons() {}

  static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  static Map<String, Object> media(MediaInfo m) {
    if (m == null) return null;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("container", m.container());
    o.put("codec", m.codec());
    o.put("sample_rate", m.sampleRate());
    o.put("channels", m.channels());
    o.put("declared_seconds", m.declaredSeconds());
    o.put("decoded_seconds", m.decodedSeconds());
    o.put("truncated", m.truncated());
    return o;
  }

  static Map<String, Object> recording(Recording r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", r.id().value());
    o.put("pseudonym", r.pseudonym());
    o.put("stored_as", r.storedAs());
    o.put("had_tags", r.hadTags());
    o.put("group", r.group());
    o.put("role", r.role());
    o.put("media", media(r.media()));
    return o;
  }
}
