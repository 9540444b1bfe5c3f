package io.themachine.core.internal.exec;

import io.themachine.core.internal.store.HashingCopy;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The step key: SHA-256 over the canonical JSON of extension id, version, parameters (sorted
 * keys, defaults filled in), input content ids in order, and the tool versions the extension
 * declares. Equal keys mean equal work, so a key that already has outputs is not run again.
 */
public final class StepKeys {
  private StepKeys() {}

  public static String key(String extension, String version, String canonicalParams, List<String> inputIds,
      Map<String, String> toolVersions) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("extension", extension);
    k.put("version", version);
    k.put("params", Json.tree(canonicalParams));
    k.put("inputs", inputIds);
    k.put("tools", new TreeMap<>(toolVersions));
    String canonical = Json.canonical(k);
    byte[] digest = HashingCopy.sha256().digest(canonical.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(digest);
  }
}
