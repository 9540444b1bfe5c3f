package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.job.JobState;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.core.testing.ChildMain;
import io.themachine.core.testing.Files2;
import io.themachine.core.testing.TestExtensions;
import io.themachine.spi.ArtifactId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LibrarianTest {
  @TempDir Path tmp;

  static LibraryOptions opts() {
    return ChildMain.options().lockWait(java.time.Duration.ZERO);
  }

  @Test
  void open_newFolder_createsDocumentedLayout() throws Exception {
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      assertThat(lib.recordings()).isEmpty();
      assertThat(lib.toString()).isEqualTo("Librarian[0 recordings, 0 artifacts]");
    }
    Path lib = tmp.resolve("lib");
    assertThat(lib.resolve("themachine-library.json")).exists();
    assertThat(lib.resolve("registry.db")).exists();
    assertThat(lib.resolve("store/sha256")).isDirectory();
    Path key = lib.resolve("secrets/library.key");
    assertThat(Files.size(key)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
  }

  @Test
  void open_nonEmptyFolderThatIsNoLibrary_throwsNotALibrary() throws Exception {
    Files2.text(tmp.resolve("photos/holiday.jpg"), "not a library");
    assertThatThrownBy(() -> Librarian.open(tmp.resolve("photos"), opts()))
        .isInstanceOf(LibrarianException.class)
        .satisfies(e -> assertThat(((LibrarianException) e).reason()).isEqualTo(Reason.NOT_A_LIBRARY))
        .hasMessageContaining("not a library").hasMessageNotContaining(tmp.toString());
    assertThat(tmp.resolve("photos/registry.db")).doesNotExist();
  }

  @Test
  void open_aFile_throwsNotALibrary() throws Exception {
    Path f = Files2.text(tmp.resolve("file"), "x");
    assertThatThrownBy(() -> Librarian.open(f, opts())).hasMessageContaining("is a file");
  }

  @Test
  void ingest_folder_storesByContent_detectsDuplicates_andSkipsLinksOutOfTheRoot() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("a.wav"), 10_000, 1);
    Files2.random(in.resolve("sub/b.flac"), 20_000, 2);
    Files.copy(in.resolve("a.wav"), in.resolve("sub/a-copy.wav"));
    Path outside = Files2.random(tmp.resolve("outside/secret.wav"), 5_000, 3);
    Files.createSymbolicLink(in.resolve("link-out.wav"), outside);
    Files.createSymbolicLink(in.resolve("link-in.wav"), in.resolve("sub/b.flac"));
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      var r = lib.ingest(in);
      assertThat(r.added()).hasSize(2);
      assertThat(r.duplicates()).isEqualTo(1); // the copy; the link inside the root names a file already found
      assertThat(r.skipped()).isEqualTo(1); // the link leading out
      assertThat(r.failures()).isEmpty();
      assertThat(lib.recordings()).allSatisfy(rec -> {
        assertThat(rec.storedAs()).isEqualTo("opaque");
        assertThat(rec.pseudonym()).matches("rec-[0-9a-f]{16}");
      });
      var again = lib.ingest(in);
      assertThat(again.added()).isEmpty();
      assertThat(again.duplicates()).isEqualTo(3);
      assertThat(lib.verify().ok()).isTrue();
      // Stored names are content hashes.
      try (var s = Files.walk(tmp.resolve("lib/store"))) {
        assertThat(s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()))
            .allMatch(n -> n.matches("[0-9a-f]{64}\\.(wav|flac)"));
      }
    }
  }

  @Test
  void ingest_callTuple_formsOneGroupWithRoles() throws Exception {
    Path in = tmp.resolve("calls");
    Files2.random(in.resolve("recv_out-4915112345.wav"), 3000, 1);
    Files2.random(in.resolve("trans_out-4915112345.wav"), 3000, 2);
    Files2.random(in.resolve("out-4915112345.wav"), 3000, 3);
    Files2.random(in.resolve("out-lonely.wav"), 3000, 4);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      var grouped = lib.recordings().stream().filter(r -> r.group() != null).toList();
      assertThat(grouped).hasSize(3);
      assertThat(grouped.stream().map(r -> r.group()).distinct()).hasSize(1).allMatch(g -> g.matches("grp-[0-9a-f]{16}"));
      assertThat(grouped.stream().map(r -> r.role())).containsExactlyInAnyOrder("left", "right", "mixed");
      var report = lib.run(Pipeline.of(Step.use("test.group")));
      assertThat(report.ran()).isEqualTo(1);
      Path doc = lib.file(ArtifactId.of(lastOutput(lib)));
      assertThat(Files.readString(doc)).contains("left ", "right ", "mixed ");
    }
  }

  private static String lastOutput(Librarian lib) {
    var out = new ByteArrayOutputStream();
    lib.exportManifest(out);
    var rows = out.toString(StandardCharsets.UTF_8).lines().toList();
    return rows.stream().filter(l -> l.contains("\"kind\":\"document\"")).reduce((a, b) -> b).map(l -> {
      JsonNode n = JsonMapper.builder().build().readTree(l);
      return n.get("id").asString();
    }).orElseThrow();
  }

  @Test
  void run_twice_secondRunIsAllCached_withTheSameOutputs() throws Exception {
    Path in = tmp.resolve("in");
    for (int i = 0; i < 3; i++) Files2.random(in.resolve("f" + i + ".wav"), 9000 + i, i);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      var first = lib.run(ChildMain.PIPELINE.named("p"));
      assertThat(first.ok()).isTrue();
      assertThat(first.ran()).isEqualTo(9); // 3 recordings x 3 per-recording steps; no call group
      assertThat(first.cached()).isZero();
      Set<String> ids1 = ids(lib);
      var second = lib.run(ChildMain.PIPELINE.named("p"));
      assertThat(second.ran()).isZero();
      assertThat(second.cached()).isEqualTo(9);
      assertThat(second.summary()).startsWith("9 jobs: 0 ran, 9 cached, 0 failed");
      assertThat(ids(lib)).isEqualTo(ids1);
      // A changed parameter is a new step key: only that step and what reads it re-run.
      var third = lib.run(Pipeline.of(Step.use("test.transform").with("key", 1), Step.use("test.measure")));
      assertThat(third.ran()).isEqualTo(6);
      assertThat(lib.verify().ok()).isTrue();
    }
  }

  static Set<String> ids(Librarian lib) {
    var out = new ByteArrayOutputStream();
    lib.exportManifest(out);
    Set<String> ids = new HashSet<>();
    var m = JsonMapper.builder().build();
    out.toString(StandardCharsets.UTF_8).lines().forEach(l -> ids.add(m.readTree(l).get("id").asString()));
    return ids;
  }

  @Test
  void run_failingJob_isRecordedWithoutPath_andOthersContinue() throws Exception {
    Path in = tmp.resolve("in");
    Files2.text(in.resolve("bad.wav"), "CORRUPT data here");
    Files2.random(in.resolve("good.wav"), 5000, 9);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      long before = lib.status().artifacts();
      var r = lib.run(Pipeline.of(Step.use("test.fail")));
      assertThat(r.ran()).isEqualTo(1);
      assertThat(r.failed()).isEqualTo(1);
      assertThat(r.failures()).singleElement().satisfies(j -> {
        assertThat(j.state()).isEqualTo(JobState.FAILED);
        assertThat(j.error()).contains("is corrupt").doesNotContain(tmp.toString());
      });
      assertThat(r.summary()).contains("failed: " + r.failures().get(0).id());
      assertThat(lib.status().artifacts()).isEqualTo(before + 1); // the failed job's partial output is gone
      assertThat(lib.verify().ok()).isTrue();
      assertThat(lib.status().jobs()).containsEntry("failed", 1L);
    }
  }

  @Test
  void exportAndExplain_describeLineageBackToTheRecording() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("a.wav"), 7000, 5);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      lib.run(ChildMain.PIPELINE);
      var export = lib.exportManifest();
      assertThat(export.rows()).isEqualTo(3);
      assertThat(export.file()).matches("exports/manifest-.*\\.jsonl");
      var m = JsonMapper.builder().build();
      List<JsonNode> rows = Files.readAllLines(tmp.resolve("lib").resolve(export.file())).stream().map(m::readTree).toList();
      JsonNode rec = rows.stream().filter(n -> n.get("kind").asString().equals("recording")).findFirst().orElseThrow();
      assertThat(rec.get("recording").get("pseudonym").asString()).startsWith("rec-");
      assertThat(rec.get("step").get("extension").asString()).isEqualTo("ingest");
      assertThat(rec.get("metrics").get("test.input_bytes").asInt()).isEqualTo(7000);
      // test.measure read the nearest earlier output of a kind it consumes: the first transform's.
      JsonNode first = rows.stream().filter(n -> n.get("metrics").has("test.sum")).findFirst().orElseThrow();
      assertThat(first.get("step").get("params").get("key").asInt()).isEqualTo(0x5a);
      assertThat(first.get("metrics").get("test.nan").isNull()).isTrue(); // NaN is written as null
      assertThat(first.get("metrics").get("test.summary").get("ok").asBoolean()).isTrue();
      JsonNode last = rows.stream().filter(n -> n.get("step").get("extension").asString().equals("test.transform")
          && n.get("step").get("params").get("key").asInt() == 7).findFirst().orElseThrow();
      assertThat(last.get("parents")).hasSize(1);
      assertThat(last.get("step").get("key").asString()).hasSize(64);
      assertThat(last.get("labels").get("variant").asString()).isEqualTo("xor");
      assertThat(last.get("metrics").get("test.bytes").asInt()).isEqualTo(7000);
      assertThat(last.get("path").asString()).matches("sha256/[0-9a-f]{2}/[0-9a-f]{64}\\.bin");

      var lineage = lib.explain(last.get("id").asString().substring(0, 20));
      assertThat(lineage.chain()).hasSize(3);
      assertThat(lineage.chain().get(0).params()).containsEntry("key", 7);
      assertThat(lineage.chain().get(2).extension()).isEqualTo("ingest");
      assertThat(lineage.roots()).containsExactly(ArtifactId.of(rec.get("id").asString()));
      assertThat(lib.explain(rec.get("recording").get("pseudonym").asString()).chain()).hasSize(1);
      assertThatThrownBy(() -> lib.explain("sha256:" + "0".repeat(64))).hasMessageContaining("no artifact");
    }
  }

  @Test
  void verify_detectsCorruptMissingAndUnregisteredFiles() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("a.wav"), 7000, 5);
    Files2.random(in.resolve("b.wav"), 7000, 6);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      var recs = lib.recordings();
      Path a = lib.file(recs.get(0).id());
      Path b = lib.file(recs.get(1).id());
      Files.write(a, new byte[] {1, 2, 3});
      Files.delete(b);
      Files2.random(tmp.resolve("lib/store/sha256/00/" + "0".repeat(64) + ".wav"), 10, 1);
      var v = lib.verify();
      assertThat(v.ok()).isFalse();
      assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("does not match"))
          .anySatisfy(p -> assertThat(p).contains("missing file"))
          .anySatisfy(p -> assertThat(p).contains("without a registry row"));
      assertThat(v.integrity()).isEqualTo("ok");
    }
  }

  @Test
  void extensions_listParamsWithDefaultsAndDocs() {
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      var t = lib.extensions().stream().filter(e -> e.id().equals("test.transform")).findFirst().orElseThrow();
      assertThat(t.params()).extracting(ExtensionInfo.ParamInfo::name).containsExactly("key", "delay_ms");
      assertThat(t.params().get(0).defaultValue()).isEqualTo(0x5a);
      assertThat(t.params().get(0).description()).isEqualTo("XOR key, 0 to 255");
      assertThat(t.availability().available()).isTrue();
    }
  }

  @Test
  void close_thenUse_throwsClosed_andCloseIsIdempotent() {
    var lib = Librarian.open(tmp.resolve("lib"), opts());
    lib.close();
    lib.close();
    assertThatThrownBy(lib::recordings).isInstanceOf(LibrarianException.class).hasMessageContaining("closed");
    assertThat(lib.toString()).isEqualTo("Librarian[closed]");
  }

  @Test
  void asyncIngestAndRun_completeOnTheExecutor() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("a.wav"), 7000, 5);
    var ex = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      assertThat(lib.ingestAsync(List.of(in), ex).get().added()).hasSize(1);
      assertThat(lib.runAsync(Pipeline.of(Step.use("test.measure")), io.themachine.core.job.RunListener.NONE, ex).get().ran()).isEqualTo(1);
    } finally {
      ex.shutdownNow();
    }
  }

  @Test
  void run_cancelledBeforeStart_cancelsEveryJob() throws Exception {
    Path in = tmp.resolve("in");
    Files2.random(in.resolve("a.wav"), 7000, 5);
    try (var lib = Librarian.open(tmp.resolve("lib"), opts())) {
      lib.ingest(in);
      var c = io.themachine.core.job.Cancellation.create();
      c.cancel();
      var r = lib.run(Pipeline.of(Step.use("test.transform")), c, io.themachine.core.job.RunListener.NONE);
      assertThat(r.cancelled()).isEqualTo(1);
      assertThat(r.ok()).isFalse();
      assertThat(lib.verify().ok()).isTrue();
    }
  }
}
