package io.themachine.core.internal.exec;

import io.themachine.core.ExtensionInfo;
import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Binds a step's {@code with:} map onto an extension's parameter record: the defaults, overlaid
 * with the given values, converted component by component and validated by the record's own
 * canonical constructor. Errors name the step and the field.
 *
 * <p>Plain record reflection, not a data-binding library: an extension's parameter record only
 * has to be a public record in a package its module exports (or opens to {@code io.themachine.core}).
 * Component types: primitives and their boxes, {@code String}, enums (matched case-insensitively,
 * {@code -} for {@code _}), {@code List} of those, and {@code Map<String, ?>}.
 *
 * <p>Parameters are spelled in snake_case everywhere users see them (YAML, manifests, listings),
 * as librosa spells {@code n_fft} and {@code hop_length}: a component {@code targetLufs} is
 * {@code target_lufs}; a component already named {@code n_fft} stays so.
 */
public final class ParamBinder {
  private ParamBinder() {}

  public static <P extends Record> P bind(Descriptor<P> d, Map<String, Object> with, String stepName) {
    Map<String, Object> merged = defaults(d);
    for (var e : with.entrySet()) {
      if (!merged.containsKey(e.getKey())) {
        throw bad(stepName, e.getKey(), "unknown parameter of " + d.id() + " (it takes: "
            + (merged.isEmpty() ? "no parameters" : String.join(", ", merged.keySet())) + ")");
      }
      merged.put(e.getKey(), e.getValue());
    }
    Class<P> type = d.paramsType();
    RecordComponent[] rcs = type.getRecordComponents();
    Object[] args = new Object[rcs.length];
    Class<?>[] types = new Class<?>[rcs.length];
    for (int i = 0; i < rcs.length; i++) {
      types[i] = rcs[i].getType();
      try {
        args[i] = convert(merged.get(yamlName(rcs[i].getName())), rcs[i].getGenericType());
      } catch (IllegalArgumentException e) {
        throw bad(stepName, yamlName(rcs[i].getName()), e.getMessage());
      }
    }
    try {
      Constructor<P> ctor = type.getDeclaredConstructor(types);
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable c = e.getCause();
      if (c instanceof ParamException p) throw bad(stepName, p.field(), stripField(p));
      if (c instanceof IllegalArgumentException || c instanceof NullPointerException) {
        throw bad(stepName, "?", String.valueOf(c.getMessage()));
      }
      throw new LibrarianException(Reason.EXTENSIONS, d.id() + ": its parameter record threw " + c, c);
    } catch (ReflectiveOperationException e) {
      throw inaccessible(d, e);
    }
  }

  private static LibrarianException inaccessible(Descriptor<?> d, Exception e) {
    return new LibrarianException(Reason.EXTENSIONS, d.id() + ": its parameter record " + d.paramsType().getName()
        + " must be a public record in a package its module exports or opens to io.themachine.core (" + e + ")", e);
  }

  private static String stripField(ParamException p) {
    String m = p.getMessage();
    String prefix = p.field() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  /** Converts a YAML/JSON value to a component's type; messages say what was expected. */
  static Object convert(Object v, Type type) {
    Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
    if (v == null) {
      if (raw.isPrimitive()) throw new IllegalArgumentException("must not be null");
      return null;
    }
    if (raw == String.class) {
      if (v instanceof String || v instanceof Number || v instanceof Boolean) return v.toString();
      throw new IllegalArgumentException("must be text");
    }
    if (raw == boolean.class || raw == Boolean.class) {
      if (v instanceof Boolean b) return b;
      throw new IllegalArgumentException("must be true or false");
    }
    if (raw == int.class || raw == Integer.class || raw == long.class || raw == Long.class
        || raw == short.class || raw == Short.class) {
      if (!(v instanceof Number n)) throw new IllegalArgumentException("must be a whole number");
      double d = n.doubleValue();
      if (d != Math.rint(d)) throw new IllegalArgumentException("must be a whole number, not " + v);
      long l = n.longValue();
      if (raw == long.class || raw == Long.class) return l;
      if (raw == short.class || raw == Short.class) {
        if (l < Short.MIN_VALUE || l > Short.MAX_VALUE) throw new IllegalArgumentException("out of range: " + v);
        return (short) l;
      }
      if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) throw new IllegalArgumentException("out of range: " + v);
      return (int) l;
    }
    if (raw == double.class || raw == Double.class || raw == float.class || raw == Float.class) {
      if (!(v instanceof Number n)) throw new IllegalArgumentException("must be a number");
      return raw == double.class || raw == Double.class ? n.doubleValue() : (Object) n.floatValue();
    }
    if (raw.isEnum()) {
      String s = v.toString().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Object c : raw.getEnumConstants()) if (((Enum<?>) c).name().equals(s)) return c;
      List<String> names = new ArrayList<>();
      for (Object c : raw.getEnumConstants()) names.add(((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-'));
      throw new IllegalArgumentException("must be one of " + names + ", not '" + v + "'");
    }
    if (List.class.isAssignableFrom(raw)) {
      if (!(v instanceof List<?> l)) throw new IllegalArgumentException("must be a list");
      Type el = type instanceof ParameterizedType pt ? pt.getActualTypeArguments()[0] : Object.class;
      List<Object> out = new ArrayList<>();
      for (Object x : l) out.add(el == Object.class ? x : convert(x, el));
      return List.copyOf(out);
    }
    if (Map.class.isAssignableFrom(raw)) {
      if (!(v instanceof Map<?, ?> m)) throw new IllegalArgumentException("must be a mapping");
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), x));
      return java.util.Collections.unmodifiableMap(out);
    }
    if (raw == Object.class) return v;
    throw new IllegalArgumentException("has a type parameters cannot hold: " + raw.getSimpleName());
  }

  /** A record's components as a map (enums by lower-case name), for defaults, the step key and the registry. */
  public static Map<String, Object> toMap(Record r) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (RecordComponent rc : r.getClass().getRecordComponents()) {
      Object v;
      try {
        v = rc.getAccessor().invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new LibrarianException(Reason.EXTENSIONS, "parameter record " + r.getClass().getName()
            + " must be a public record in a package its module exports or opens to io.themachine.core (" + e + ")", e);
      }
      out.put(yamlName(rc.getName()), plain(v));
    }
    return out;
  }

  private static Object plain(Object v) {
    if (v instanceof Enum<?> e) return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    if (v instanceof Record rec) return toMap(rec);
    if (v instanceof List<?> l) return l.stream().map(ParamBinder::plain).toList();
    if (v instanceof Float f) return f.doubleValue();
    return v;
  }

  /** {@code targetLufs} → {@code target_lufs}; {@code n_fft} and {@code key} stay as they are. */
  public static String yamlName(String component) {
    StringBuilder sb = new StringBuilder(component.length() + 4);
    for (int i = 0; i < component.length(); i++) {
      char c = component.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0 && component.charAt(i - 1) != '_') sb.append('_');
        sb.append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  public static Map<String, Object> defaults(Descriptor<?> d) {
    return toMap(d.defaults());
  }

  /** The canonical JSON of bound parameters: what the step key and the registry see. */
  public static String canonical(Record params) {
    return Json.canonical(toMap(params));
  }

  /** Name, type, default and documentation of each parameter, in declaration order. */
  public static List<ExtensionInfo.ParamInfo> describe(Descriptor<?> d) {
    Map<String, Object> defs = defaults(d);
    List<ExtensionInfo.ParamInfo> out = new ArrayList<>();
    for (RecordComponent rc : d.paramsType().getRecordComponents()) {
      Param doc = rc.getAnnotation(Param.class);
      out.add(new ExtensionInfo.ParamInfo(yamlName(rc.getName()), rc.getType().getSimpleName(), defs.get(yamlName(rc.getName())),
          doc != null ? doc.value() : ""));
    }
    return out;
  }

  private static LibrarianException bad(String step, String field, String message) {
    return new LibrarianException(Reason.INVALID_PIPELINE,
        "invalid pipeline: step '" + step + "', field '" + field + "': " + message);
  }
}
