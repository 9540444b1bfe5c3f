package io.themachine.examples.embed;

import io.themachine.core.Librarian;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import java.nio.file.Path;

/** The README's embedding example: open a library, ingest, run a pipeline, explain, export, verify. */
public final class EmbedExample {
  private EmbedExample() {}

  public static void main(String[] args) {
    Path library = Path.of(args.length > 0 ? args[0] : "library");
    Path recordings = Path.of(args.length > 1 ? args[1] : "examples/samples/calls");
    try (var lib = Librarian.open(library)) {
      System.out.println(lib.ingest(recordings).summary());            // "3 added, 0 duplicate, 0 failed, 0 skipped"
      var pipeline = Pipeline.of(Step.use("audio.probe"), Step.use("audio.decode").with("channels", 1));
      System.out.println(lib.run(pipeline).summary());                  // "6 jobs: 6 ran, 0 cached, 0 failed in 0.4 s"
      var first = lib.recordings().getFirst();
      System.out.println(lib.explain(first.pseudonym()));                // lineage back to the recording
      System.out.println(lib.exportManifest().file());                  // exports/manifest-<time>.jsonl
      System.out.println(lib.verify());                                 // VerifyReport[ok, ...]
    }
  }
}
