package io.themachine.core.internal.exec;

import io.themachine.spi.audio.ChannelLayout;
import io.themachine.spi.audio.MediaInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON conventions of the registry and manifests: sorted keys, no NaN (null instead). */
public final class Json {
  public static final JsonMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .build();

  private Json() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /** Canonical JSON: keys sorted at every level, numbers as Jackson writes them. */
  public static String canonical(Object value) {
    return MAPPER.writeValueAsString(sort(MAPPER.convertValue(value, Object.class)));
  }

  @SuppressWarnings("unchecked")
  private static Object sort(Object v) {
    if (v instanceof Map<?, ?> m) {
      TreeMap<String, Object> t = new TreeMap<>();
      m.forEach((k, x) -> t.put(String.valueOf(k), sort(x)));
      return t;
    }
    if (v instanceof java.util.List<?> l) return l.stream().map(Json::sort).toList();
    return v;
  }

  public static JsonNode tree(String json) {
    return MAPPER.readTree(json);
  }

  /** A number for JSON: non-finite values become null, as manifests promise. */
  public static Double finiteOrNull(double v) {
    return Double.isFinite(v) ? v : null;
  }

  public static String media(MediaInfo m) {
    if (m == null) return null;
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("container", m.container());
    o.put("codec", m.codec());
    o.put("sample_rate", m.sampleRate());
    o.put("channels", m.channels());
    o.put("layout", m.layout().name());
    o.put("declared_seconds", m.declaredSeconds() == null ? null : finiteOrNull(m.declaredSeconds()));
    o.put("decoded_seconds", m.decodedSeconds() == null ? null : finiteOrNull(m.decodedSeconds()));
    o.put("had_tags", m.hadTags());
    o.put("truncated", m.truncated());
    o.put("non_finite_samples", m.nonFiniteSamples());
    return write(o);
  }

  public static MediaInfo media(String json) {
    if (json == null) return null;
    JsonNode n = tree(json);
    int channels = n.path("channels").asInt();
    String layoutName = n.path("layout").asString();
    ChannelLayout layout = ChannelLayout.byName(layoutName)
        .filter(l -> l.channels() == channels).orElseGet(() -> ChannelLayout.defaultFor(Math.max(1, channels)));
    return new MediaInfo(n.path("container").asString(), n.path("codec").asString(), n.path("sample_rate").asInt(),
        layout, doubleOrNull(n, "declared_seconds"), doubleOrNull(n, "decoded_seconds"),
        n.path("had_tags").asBoolean(), n.path("truncated").asBoolean(), n.path("non_finite_samples").asLong());
  }

  private static Double doubleOrNull(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asDouble();
  }
}
