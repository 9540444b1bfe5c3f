package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.spi.ComputeDevice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads pipeline YAML into a {@link Pipeline}, checking its shape. */
public final class PipelineYaml {
  private static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final Set<String> TOP = Set.of("name", "device", "steps");
  private static final Set<String> STEP = Set.of("use", "name", "with", "input");

  private PipelineYaml() {}

  public static Pipeline read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new LibrarianException(Reason.INVALID_PIPELINE, "pipeline file not found");
    } catch (IOException e) {
      throw new LibrarianException(Reason.INVALID_PIPELINE, "pipeline file cannot be read: " + e.getClass().getSimpleName());
    }
    return parse(text);
  }

  public static Pipeline parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JacksonException e) {
      var loc = e.getLocation();
      throw bad("malformed YAML" + (loc != null && loc.getLineNr() > 0 ? " at line " + loc.getLineNr() : "")
          + ": " + firstLine(e.getOriginalMessage()));
    }
    if (root == null || root.isMissingNode() || root.isNull()) throw bad("the pipeline is empty: it needs 'steps:'");
    if (!root.isObject()) throw bad("the pipeline must be a mapping with 'steps:'");
    checkKeys(root, TOP, "the pipeline");
    String name = text(root, "name", "the pipeline");
    ComputeDevice device = ComputeDevice.AUTO;
    String d = text(root, "device", "the pipeline");
    if (d != null) {
      try {
        device = ComputeDevice.valueOf(d.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw bad("field 'device': must be cpu, cuda or auto, not '" + d + "'");
      }
    }
    JsonNode steps = root.get("steps");
    if (steps == null || !steps.isArray() || steps.isEmpty()) throw bad("'steps:' must be a non-empty list");
    List<Step> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int i = 0;
    for (JsonNode s : steps) {
      i++;
      String where = "step " + i;
      if (!s.isObject()) throw bad(where + ": must be a mapping with 'use:'");
      String use = text(s, "use", where);
      if (use == null) throw bad(where + ": missing 'use:' (the extension id)");
      where = "step " + i + " ('" + use + "')";
      checkKeys(s, STEP, where);
      String stepName = text(s, "name", where);
      JsonNode with = s.get("with");
      Map<String, Object> params = new LinkedHashMap<>();
      if (with != null && !with.isNull()) {
        if (!with.isObject()) throw bad(where + ": 'with:' must be a mapping of parameter names to values");
        params = YAML.convertValue(with, LinkedHashMap.class);
      }
      String input = text(s, "input", where);
      Step step = new Step(stepName, use, params, input);
      if (!names.add(step.name())) {
        throw bad(where + ": the name '" + step.name() + "' is used twice; give one of them a 'name:'");
      }
      out.add(step);
    }
    return new Pipeline(name, out, device);
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> it = node.propertyNames().iterator(); it.hasNext(); ) {
      String k = it.next();
      if (!allowed.contains(k)) throw bad(where + ": unknown field '" + k + "' (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
    }
  }

  private static String text(JsonNode n, String field, String where) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) return null;
    if (!v.isValueNode()) throw bad(where + ": field '" + field + "' must be a single value");
    return v.asString();
  }

  private static String firstLine(String s) {
    if (s == null) return "";
    int nl = s.indexOf('\n');
    return nl > 0 ? s.substring(0, nl) : s;
  }

  static LibrarianException bad(String message) {
    return new LibrarianException(Reason.INVALID_PIPELINE, "invalid pipeline: " + message);
  }
}
