package io.themachine.core.testing;

import io.themachine.core.Librarian;
import io.themachine.core.LibraryOptions;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of the process tests. Modes:
 * <ul>
 *   <li>{@code run LIB INPUTS}: ingest INPUTS and run {@link #PIPELINE}; prints "done".
 *   <li>{@code open LIB FILE START_MS}: wait until START_MS, open (creating) LIB, ingest FILE; prints "opened".
 *   <li>{@code hold LIB MILLIS}: hold the writer lock for MILLIS (a slow run); prints "holding" first.
 * </ul>
 */
public final class ChildMain {
  public static final Pipeline PIPELINE = Pipeline.of(
      Step.use("test.transform").with("delay_ms", 3),
      Step.use("test.measure"),
      Step.use("test.transform").named("again").with("key", 7).with("delay_ms", 2),
      Step.use("test.group"));

  public static LibraryOptions options() {
    return LibraryOptions.defaults().discover(false).extensions(
        TestExtensions.all().toArray(new io.themachine.spi.Extension<?>[0])).parallelism(2).lockWait(Duration.ofSeconds(30));
  }

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "run" -> {
        try (Librarian lib = Librarian.open(Path.of(args[1]), options())) {
          System.out.println("started");
          System.out.flush();
          lib.ingest(Path.of(args[2]));
          var report = lib.run(PIPELINE);
          System.out.println(report.ok() ? "done" : "failed " + report.summary());
        }
      }
      case "open" -> {
        long start = Long.parseLong(args[3]);
        while (System.currentTimeMillis() < start) Thread.onSpinWait();
        try (Librarian lib = Librarian.open(Path.of(args[1]), options())) {
          lib.ingest(Path.of(args[2]));
          System.out.println("opened " + lib.recordings().size());
        }
      }
      case "hold" -> {
        Path lib = Path.of(args[1]);
        Path input = lib.resolveSibling("hold-input");
        Files2.random(input.resolve("a.bin"), 4096 * 50, 1);
        try (Librarian l = Librarian.open(lib, options())) {
          l.ingest(input);
          // Printed from inside the run, so the writer lock is surely held when the parent reads it.
          l.run(Pipeline.of(Step.use("test.transform").with("delay_ms", Integer.parseInt(args[2]) / 50)),
              io.themachine.core.job.Cancellation.create(), new io.themachine.core.job.RunListener() {
                @Override public void stepStarted(String step, int units) {
                  System.out.println("holding");
                  System.out.flush();
                }
              });
        }
        System.out.println("released");
      }
      default -> throw new IllegalArgumentException(args[0]);
    }
    System.out.flush();
    Files.deleteIfExists(Path.of(args[1]).resolveSibling("never"));
  }
}
