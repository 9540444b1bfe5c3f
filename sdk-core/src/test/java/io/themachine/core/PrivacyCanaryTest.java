package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.core.testing.ChildMain;
import io.themachine.core.testing.Files2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries in folder and file names (the core stores files as opaque blobs here; tags are the
 * media layer's test): after ingest, a run with a failing job, export and error paths, no form of a
 * canary is in the library folder (registry, WAL, store, exports), the logs, or any message. A
 * negative control (a canary inside a file's bytes, which the opaque store keeps as they are)
 * proves the search finds what is there.
 */
class PrivacyCanaryTest {
  @TempDir Path tmp;

  static final List<String> CANARIES = List.of("CANARY-4711-JaneDoe", "+49-151-2345-6789", "jane.doe@example.org");

  static List<byte[]> forms(String c) {
    List<byte[]> f = new ArrayList<>();
    f.add(c.getBytes(StandardCharsets.UTF_8));
    f.add(c.getBytes(StandardCharsets.UTF_16LE));
    f.add(c.getBytes(StandardCharsets.UTF_16BE));
    f.add(URLEncoder.encode(c, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    f.add(c.replace("/", "\\/").getBytes(StandardCharsets.UTF_8));
    f.add(Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)).replace("=", "").getBytes(StandardCharsets.UTF_8));
    return f;
  }

  static List<String> found(byte[] hay) {
    List<String> hits = new ArrayList<>();
    for (String c : CANARIES) for (byte[] f : forms(c)) if (Files2.contains(hay, f)) hits.add(c + " as " + new String(f, StandardCharsets.ISO_8859_1));
    return hits;
  }

  @Test
  void canariesInNames_appearNowhere_andTheNegativeControlIsFound() throws Exception {
    Path in = tmp.resolve("in/CANARY-4711-JaneDoe +49-151-2345-6789");
    Files2.random(in.resolve("recv_out-jane.doe@example.org.wav"), 20_000, 1);
    Files2.random(in.resolve("trans_out-jane.doe@example.org.wav"), 20_000, 2);
    Files2.text(in.resolve("CANARY-4711-JaneDoe-corrupt.wav"), "CORRUPT and named after a person");
    Path control = Files2.text(tmp.resolve("control/plain.bin"), "bytes that mention CANARY-4711-JaneDoe inside");

    PrintStream err = System.err;
    var captured = new ByteArrayOutputStream();
    List<String> messages = new ArrayList<>();
    Path lib = tmp.resolve("lib");
    String controlRel;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try (var l = Librarian.open(lib, LibrarianTest.opts())) {
      var ingest = l.ingest(in, control);
      messages.add(ingest.summary());
      messages.add(ingest.toString());
      var run = l.run(Pipeline.of(Step.use("test.fail"), Step.use("test.transform").from("recording"), Step.use("test.group")));
      assertThat(run.failed()).isEqualTo(1);
      messages.add(run.summary());
      messages.add(l.status().toString());
      messages.add(l.recordings().toString());
      messages.add(l.verify().toString());
      l.exportManifest();
      messages.add(l.explain(l.recordings().get(0).id()).toString());
      controlRel = l.artifact(Files2.sha(control)).orElseThrow().storePath();
      try {
        Librarian.open(in, LibrarianTest.opts());
      } catch (LibrarianException e) {
        messages.add(e.getMessage());
      }
      try {
        Pipeline.fromYaml(in.resolve("pipeline.yaml"));
      } catch (LibrarianException e) {
        messages.add(e.getMessage());
      }
    } finally {
      System.setErr(err);
    }
    // Negative control: the canary inside the control file's bytes is found in the store.
    Path controlFile = lib.resolve("store").resolve(controlRel);
    assertThat(found(Files.readAllBytes(controlFile))).isNotEmpty();
    Files.delete(controlFile);

    assertThat(found(Files2.allBytes(lib))).as("library folder").isEmpty();
    assertThat(found(captured.toByteArray())).as("logs").isEmpty();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("ingested"); // logs were captured
    assertThat(found(String.join("\n", messages).getBytes(StandardCharsets.UTF_8))).as("messages").isEmpty();
    assertThat(String.join("\n", messages)).contains("failed:").contains("rec-");
  }

  @Test
  void vault_on_keepsNamesSealed_andOnlyRevealOpensThem() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("CANARY-4711-JaneDoe/call +49-151-2345-6789.wav"), 9000, 1);
    Path lib = tmp.resolve("lib");
    try (var l = Librarian.open(lib, LibrarianTest.opts().vault(true))) {
      l.ingest(in);
      var rec = l.recordings().get(0);
      // While open (WAL included) and after close, raw bytes hold no form of the name.
      assertThat(found(Files2.allBytes(lib))).isEmpty();
      assertThat(l.reveal(rec.pseudonym())).containsExactly("in/CANARY-4711-JaneDoe/call +49-151-2345-6789.wav");
      var out = new ByteArrayOutputStream();
      l.exportManifest(out);
      assertThat(found(out.toByteArray())).isEmpty();
    }
    assertThat(found(Files2.allBytes(lib))).isEmpty();
    try (var l = Librarian.open(tmp.resolve("lib-off"), LibrarianTest.opts())) {
      l.ingest(in);
      assertThat(l.reveal(l.recordings().get(0).id().value())).isEmpty();
    }
  }

  @Test
  void kill_childNamesInLogs_stayClean() throws Exception {
    // The child process prints its logs; a canary-named input must not reach them.
    Path in = tmp.resolve("in/CANARY-4711-JaneDoe");
    Files2.random(in.resolve("jane.doe@example.org.wav"), 10_000, 1);
    Process p = io.themachine.core.testing.Child.start("run", tmp.resolve("lib").toString(), in.toString());
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    assertThat(new String(out, StandardCharsets.UTF_8)).contains("done");
    assertThat(found(out)).isEmpty();
    assertThat(ChildMain.PIPELINE.steps()).isNotEmpty();
  }
}
