package io.themachine.audio.separation;

import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * What a separation returns: the method and its stems, in the method's order. Prints the names,
 * not the samples: {@code Stems[hpss: harmonic, percussive | 44100 Hz, 2 ch, 60.000 s]}.
 *
 * @param method the method's name ({@code hpss}, {@code repet-sim}, {@code nmf}, {@code centre}, ...)
 * @param stems  the stems
 */
public record Stems(String method, List<Stem> stems) {
  public Stems {
    Objects.requireNonNull(method, "method");
    stems = List.copyOf(stems);
  }

  /** The stem called {@code name}. */
  public Stem get(String name) {
    for (Stem s : stems) if (s.name().equals(name)) return s;
    throw new NoSuchElementException(method + " has no stem " + name + "; it has " + names());
  }

  public List<String> names() {
    return stems.stream().map(Stem::name).toList();
  }

  @Override
  public String toString() {
    if (stems.isEmpty()) return "Stems[" + method + ": none]";
    var a = stems.get(0).audio();
    return String.format(Locale.ROOT, "Stems[%s: %s | %d Hz, %d ch, %.3f s]", method, String.join(", ", names()),
        a.sampleRate(), a.channels(), a.seconds());
  }
}
