package io.themachine.audio;

import io.themachine.spi.audio.MediaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Run in a child JVM by {@link WithoutFfmpegTest}: probes, decodes and sanitizes every file in a
 * folder, printing each outcome and message, so the parent can search everything the process
 * wrote, FFmpeg's native stderr included.
 */
public final class CanaryChildMain {
  private CanaryChildMain() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    int i = 0;
    for (Path f : files) {
      i++;
      int n = i;
      String label = "input-" + n;
      attempt(label + " probe", () -> System.out.println(AudioFiles.probe(f, label)));
      attempt(label + " decode", () -> System.out.println(AudioFiles.open(f, label).readAll(60)));
      attempt(label + " sanitize", () -> System.out.println(AudioFiles.sanitize(f, out.resolve("clean-" + n + ".tmp"))));
    }
    System.out.println("done " + files.size());
  }

  private static void attempt(String what, Runnable r) {
    try {
      System.out.print(what + ": ");
      r.run();
    } catch (MediaException e) {
      System.out.println(e.reason() + " " + e.getMessage());
    }
  }
}
