package io.themachine.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The fake personal data that examples/samples/make-samples.sh puts into the samples' file names
 * and tags (keep in sync with the script), and a byte-level search for it.
 */
final class FakePersonalData {
  static final List<String> NEEDLES = List.of(
      "quixmore", "zelda", "15550142",                      // the call tuple's file names, the music title
      "fakely", "bartholomew", "555-0199", "bart.fakely@example.org", "private song", "home recordings",
      "fakeson", "ximena", "ximena.fakeson@example.net", "interview-ximena");

  private FakePersonalData() {}

  /** Every needle found in {@code text}, case-insensitively. */
  static List<String> foundIn(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    return NEEDLES.stream().filter(t::contains).toList();
  }

  /** "needle in file" for every needle in the bytes of every file under {@code root} (Latin-1 and UTF-16). */
  static List<String> foundUnder(Path root) throws IOException {
    List<String> hits = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        byte[] b = Files.readAllBytes(f);
        String latin = new String(b, StandardCharsets.ISO_8859_1);
        String utf16le = new String(b, StandardCharsets.UTF_16LE);
        String utf16be = new String(b, StandardCharsets.UTF_16BE);
        for (String text : List.of(latin, utf16le, utf16be, latin.length() > 1 ? new String(b, 1, b.length - 1, StandardCharsets.UTF_16LE) : "")) {
          for (String n : foundIn(text)) hits.add(n + " in " + root.relativize(f));
        }
      }
    }
    return hits;
  }
}
