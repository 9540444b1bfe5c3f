package io.themachine.audio.internal.torch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal RFC 8259 reader for model cards: objects become {@code Map<String, Object>} (in order),
 * arrays {@code List<Object>}, numbers {@code Double}, and {@code true}, {@code false}, {@code null}.
 * The module has no JSON library at run time and a card is a few hundred bytes, so this is all it
 * needs. Errors give the character offset, never the text around it.
 */
final class Json {
  private final String s;
  private int i;

  private Json(String s) {
    this.s = s;
  }

  static Object parse(String text) {
    Json p = new Json(text);
    p.ws();
    Object v = p.value(0);
    p.ws();
    if (p.i != text.length()) throw p.error("trailing characters");
    return v;
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON " + what + " at offset " + i);
  }

  private void ws() {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
      i++;
    }
  }

  private Object value(int depth) {
    if (depth > 64) throw error("nested too deep");
    if (i >= s.length()) throw error("unexpected end");
    char c = s.charAt(i);
    switch (c) {
      case '{': {
        i++;
        Map<String, Object> m = new LinkedHashMap<>();
        ws();
        if (peek('}')) return m;
        while (true) {
          ws();
          if (i >= s.length() || s.charAt(i) != '"') throw error("expected a key");
          String k = string();
          ws();
          expect(':');
          ws();
          if (m.put(k, value(depth + 1)) != null) throw error("duplicate key");
          ws();
          if (peek('}')) return m;
          expect(',');
        }
      }
      case '[': {
        i++;
        List<Object> a = new ArrayList<>();
        ws();
        if (peek(']')) return a;
        while (true) {
          ws();
          a.add(value(depth + 1));
          ws();
          if (peek(']')) return a;
          expect(',');
        }
      }
      case '"':
        return string();
      case 't':
        word("true");
        return Boolean.TRUE;
      case 'f':
        word("false");
        return Boolean.FALSE;
      case 'n':
        word("null");
        return null;
      default:
        return number();
    }
  }

  private boolean peek(char c) {
    if (i < s.length() && s.charAt(i) == c) {
      i++;
      return true;
    }
    return false;
  }

  private void expect(char c) {
    if (!peek(c)) throw error("expected '" + c + "'");
  }

  private void word(String w) {
    if (!s.startsWith(w, i)) throw error("unexpected token");
    i += w.length();
  }

  private Double number() {
    int start = i;
    if (peek('-')) { /* sign */ }
    while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) i++;
    if (i == start) throw error("unexpected character");
    try {
      return Double.valueOf(s.substring(start, i));
    } catch (NumberFormatException e) {
      throw error("bad number");
    }
  }

  private String string() {
    i++; // opening quote
    StringBuilder b = new StringBuilder();
    while (true) {
      if (i >= s.length()) throw error("unterminated string");
      char c = s.charAt(i++);
      if (c == '"') return b.toString();
      if (c < 0x20) throw error("control character in string");
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (i >= s.length()) throw error("unterminated string");
      char e = s.charAt(i++);
      switch (e) {
        case '"', '\\', '/' -> b.append(e);
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'u' -> {
          if (i + 4 > s.length()) throw error("bad escape");
          try {
            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
          } catch (NumberFormatException x) {
            throw error("bad escape");
          }
          i += 4;
        }
        default -> throw error("bad escape");
      }
    }
  }
}
