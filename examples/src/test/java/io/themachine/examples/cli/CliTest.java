package io.themachine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.spi.Extension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every subcommand in-process: success (exit 0), usage or configuration error (exit 2) and, where
 * a subcommand runs jobs, job failure (exit 1, the summary naming the job id). Runs on the real
 * FFmpeg backend with the committed samples.
 */
class CliTest {
  static final Path SAMPLES = Path.of("samples");
  static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  static final JsonMapper JSON = JsonMapper.builder().build();

  /** A library with the samples ingested and the default pipeline run, shared by the read-only tests. */
  @TempDir static Path shared;
  static String lib;

  @BeforeAll
  static void ingestAndRun() throws IOException {
    lib = shared.resolve("lib").toString();
    Path pipeline = shared.resolve("pipeline.yaml");
    Files.writeString(pipeline, "name: t\nsteps:\n  - use: audio.probe\n  - use: audio.decode\n    with: { channels: 1 }\n");
    Cli.Result ingest = Cli.run("ingest", SAMPLES.resolve("calls").toString(), SAMPLES.resolve("music").toString(),
        SAMPLES.resolve("interviews").toString(), "--library", lib);
    assertThat(ingest.code()).as(ingest.toString()).isZero();
    Cli.Result run = Cli.run("run", "--pipeline", pipeline.toString(), "--library", lib);
    assertThat(run.code()).as(run.toString()).isZero();
  }

  static JsonNode json(Cli.Result r) {
    return JSON.readTree(r.out());
  }

  // ---- top level ----------------------------------------------------------------------------

  @Test
  void noSubcommand_exits2() {
    Cli.Result r = Cli.run();
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing subcommand").contains("Usage: themachine");
  }

  @Test
  void unknownSubcommand_exits2() {
    assertThat(Cli.run("frobnicate").code()).isEqualTo(2);
  }

  @Test
  void usageError_doesNotEchoArgumentValues() {
    Cli.Result r = Cli.run("explain", "sha256:00000000", "/srv/calls/zelda_quixmore/call.wav", "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Usage: themachine explain").doesNotContain("quixmore");
    Cli.Result option = Cli.run("status", "--zelda-quixmore", "--library", lib);
    assertThat(option.code()).isEqualTo(2);
    assertThat(option.err()).contains("Unknown option");
  }

  @Test
  void help_exits0_listsEverySubcommand() {
    Cli.Result r = Cli.run("--help");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("init", "ingest", "run", "status", "explain", "export", "extensions", "verify", "demo", "shell");
  }

  // ---- init ---------------------------------------------------------------------------------

  @Test
  void init_newFolder_createsLibrary_thenReportsExisting(@TempDir Path dir) {
    Path l = dir.resolve("new");
    Cli.Result r = Cli.run("init", "--json", "--library", l.toString());
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(json(r).get("created").asBoolean()).isTrue();
    assertThat(l.resolve("themachine-library.json")).exists();
    Cli.Result again = Cli.run("init", "--library", l.toString());
    assertThat(again.out()).contains("already a library: 0 recordings");
  }

  @Test
  void init_folderWithOtherFiles_exits2(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("notes.txt"), "x");
    Cli.Result r = Cli.run("init", "--library", dir.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a library").doesNotContain(dir.toString());
  }

  @Test
  void library_defaultsToEnvironmentVariable(@TempDir Path dir) {
    Path l = dir.resolve("from-env");
    Cli.Result r = Cli.run(Map.of("THEMACHINE_LIBRARY", l.toString()), new Extension<?>[0], "init");
    assertThat(r.code()).isZero();
    assertThat(l.resolve("themachine-library.json")).exists();
  }

  // ---- ingest -------------------------------------------------------------------------------

  @Test
  void ingest_json_listsRecordingsByIdAndPseudonym(@TempDir Path dir) {
    Cli.Result r = Cli.run("ingest", SAMPLES.resolve("calls").toString(), "--json", "--library", dir.resolve("l").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode added = json(r).get("added");
    assertThat(added.size()).isEqualTo(3);
    assertThat(added.get(0).get("pseudonym").asString()).startsWith("rec-");
    assertThat(added.get(0).get("group").asString()).startsWith("grp-");
    assertThat(FakePersonalData.foundIn(r.all())).isEmpty();
  }

  @Test
  void ingest_corruptFile_exits1_namingTheJobNotTheFile(@TempDir Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    Files.write(in.resolve("recv_out-15550142-zelda_quixmore-corrupt.wav"), junk);
    Files.copy(SAMPLES.resolve("calls/out-15550142-zelda_quixmore.wav"), in.resolve("out-15550142-zelda_quixmore.wav"));
    Cli.Result r = Cli.run("ingest", in.toString(), "--library", dir.resolve("l").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("1 added", "1 failed").containsPattern("failed job: input #\\d+ \\(job " + UUID.pattern());
    assertThat(FakePersonalData.foundIn(r.all())).isEmpty();
    assertThat(r.all()).doesNotContain(dir.toString());
  }

  @Test
  void ingest_missingPath_exits2(@TempDir Path dir) {
    Cli.Result r = Cli.run("ingest", dir.resolve("no-such-zelda_quixmore").toString(), "--library", dir.resolve("l").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("input #1");
    assertThat(FakePersonalData.foundIn(r.all())).isEmpty();
  }

  @Test
  void ingest_noPaths_exits2() {
    Cli.Result r = Cli.run("ingest", "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("PATH");
  }

  // ---- run ----------------------------------------------------------------------------------

  @Test
  void run_again_everyJobCached() {
    Path pipeline = shared.resolve("pipeline.yaml");
    Cli.Result r = Cli.run("run", "--pipeline", pipeline.toString(), "--json", "--library", lib);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = json(r);
    assertThat(j.get("ran").asInt()).isZero();
    assertThat(j.get("cached").asInt()).isEqualTo(10);
    assertThat(j.get("failed").asInt()).isZero();
  }

  @Test
  void run_notATerminal_printsOneLinePerStep_quietPrintsNothing() {
    Path pipeline = shared.resolve("pipeline.yaml");
    Cli.Result r = Cli.run("run", "--pipeline", pipeline.toString(), "--library", lib);
    assertThat(r.code()).isZero();
    assertThat(r.err()).containsPattern("audio.probe +0 ran, 5 cached, 0 failed").containsPattern("audio.decode +0 ran, 5 cached, 0 failed");
    assertThat(r.out()).contains("run t: 10 jobs: 0 ran, 10 cached, 0 failed");
    Cli.Result quiet = Cli.run("run", "--pipeline", pipeline.toString(), "--quiet", "--library", lib);
    assertThat(quiet.code()).isZero();
    assertThat(quiet.out()).isEmpty();
    assertThat(quiet.err()).isEmpty();
  }

  @Test
  void run_failingStep_exits1_namingFailedJobs(@TempDir Path dir) throws IOException {
    Path l = dir.resolve("l");
    Extension<?>[] fail = {new FailingExtension()};
    assertThat(Cli.run(Map.of(), fail, "ingest", SAMPLES.resolve("interviews").toString(), "--library", l.toString()).code()).isZero();
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "steps:\n  - use: test.fail\n");
    Cli.Result r = Cli.run(Map.of(), fail, "run", "--pipeline", pipeline.toString(), "--library", l.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("1 failed").containsPattern("failed: " + UUID.pattern() + " test.fail: ");
    assertThat(r.err()).contains("test.fail").contains("1 failed");
  }

  @Test
  void run_corruptStoredRecording_exits1_namingTheJob_andVerifyFlagsIt(@TempDir Path dir) throws IOException {
    Path l = dir.resolve("l");
    assertThat(Cli.run("ingest", SAMPLES.resolve("calls").toString(), "--library", l.toString()).code()).isZero();
    Path stored;
    try (Stream<Path> s = Files.walk(l.resolve("store/sha256"))) {
      stored = s.filter(p -> p.toString().endsWith(".wav")).findFirst().orElseThrow();
    }
    byte[] junk = new byte[64];
    new Random(11).nextBytes(junk);
    try (var ch = java.nio.channels.FileChannel.open(stored, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(junk), 0); // bit rot over the RIFF header
    }
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "steps:\n  - use: audio.decode\n");
    Cli.Result r = Cli.run("run", "--pipeline", pipeline.toString(), "--library", l.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("2 ran", "1 failed").containsPattern("failed: " + UUID.pattern() + " audio.decode: ");
    Cli.Result verify = Cli.run("verify", "--library", l.toString());
    assertThat(verify.code()).isEqualTo(1);
  }

  @Test
  void run_unknownExtension_exits2_beforeAnythingRuns(@TempDir Path dir) throws IOException {
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "steps:\n  - use: no.such.extension\n");
    Cli.Result r = Cli.run("run", "--pipeline", pipeline.toString(), "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no.such.extension").contains("invalid_pipeline");
  }

  @Test
  void run_badParameter_exits2(@TempDir Path dir) throws IOException {
    Path pipeline = Files.writeString(dir.resolve("p.yaml"), "steps:\n  - use: audio.decode\n    with: { channels: 99 }\n");
    Cli.Result r = Cli.run("run", "--pipeline", pipeline.toString(), "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("audio.decode");
  }

  @Test
  void run_withoutPipelineOption_exits2() {
    Cli.Result r = Cli.run("run", "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--pipeline");
  }

  // ---- status, explain, export, verify -------------------------------------------------------

  @Test
  void status_json_countsRecordingsArtifactsAndJobs() {
    Cli.Result r = Cli.run("status", "--json", "--library", lib);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode j = json(r);
    assertThat(j.get("recordings").asInt()).isEqualTo(5);
    assertThat(j.get("artifacts").asLong()).isEqualTo(10); // 5 recordings + 5 decoded
    assertThat(j.get("media").asString()).contains("ffmpeg");
  }

  @Test
  void status_noLibrary_exits2_andCreatesNothing(@TempDir Path dir) {
    Path l = dir.resolve("missing");
    Cli.Result r = Cli.run("status", "--library", l.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("no library");
    assertThat(l).doesNotExist();
  }

  @Test
  void status_export_andVerify_agree(@TempDir Path dir) throws IOException {
    JsonNode status = json(Cli.run("status", "--json", "--library", lib));
    Cli.Result verify = Cli.run("verify", "--json", "--library", lib);
    assertThat(verify.code()).as(verify.toString()).isZero();
    JsonNode v = json(verify);
    Path out = dir.resolve("manifest.jsonl");
    Cli.Result export = Cli.run("export", "--format", "jsonl", "--out", out.toString(), "--json", "--library", lib);
    assertThat(export.code()).as(export.toString()).isZero();
    List<String> rows = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(v.get("ok").asBoolean()).isTrue();
    assertThat(v.get("artifacts").asLong()).isEqualTo(status.get("artifacts").asLong());
    assertThat(v.get("files").asLong()).isEqualTo(status.get("artifacts").asLong());
    assertThat(rows).hasSize((int) status.get("artifacts").asLong());
    assertThat(json(export).get("rows").asLong()).isEqualTo(rows.size());
    long recordings = rows.stream().map(JSON::readTree).filter(n -> n.get("kind").asString().equals("recording")).count();
    assertThat(recordings).isEqualTo(status.get("recordings").asInt());
  }

  @Test
  void explain_decodedArtifact_leadsBackToItsRecording() throws IOException {
    Cli.Result export = Cli.run("export", "--out", "-", "--library", lib);
    String audioId = export.out().lines().map(JSON::readTree).filter(n -> n.get("kind").asString().equals("audio"))
        .map(n -> n.get("id").asString()).findFirst().orElseThrow();
    Cli.Result r = Cli.run("explain", audioId.substring(0, 7 + 12), "--json", "--library", lib);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode chain = json(r);
    assertThat(chain.get(0).get("artifact").asString()).isEqualTo(audioId);
    assertThat(chain.get(0).get("extension").asString()).isEqualTo("audio.decode");
    assertThat(chain.get(chain.size() - 1).get("extension").asString()).isEqualTo("ingest");
  }

  @Test
  void explain_unknownId_exits2() {
    Cli.Result r = Cli.run("explain", "sha256:00000000", "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not_found");
  }

  @Test
  void export_intoLibrary_printsLibraryRelativePath() {
    Cli.Result r = Cli.run("export", "--library", lib);
    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).containsPattern("exported 10 manifest rows to exports/manifest-[0-9-]+\\.jsonl in the library");
    assertThat(r.out()).doesNotContain(shared.toString());
  }

  @Test
  void export_unknownFormat_exits2() {
    Cli.Result r = Cli.run("export", "--format", "csv", "--library", lib);
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("jsonl");
  }

  @Test
  void verify_missingStoreFile_exits1(@TempDir Path dir) throws IOException {
    Path l = dir.resolve("l");
    assertThat(Cli.run("ingest", SAMPLES.resolve("interviews").toString(), "--library", l.toString()).code()).isZero();
    try (Stream<Path> s = Files.walk(l.resolve("store/sha256"))) {
      Files.delete(s.filter(Files::isRegularFile).findFirst().orElseThrow());
    }
    Cli.Result r = Cli.run("verify", "--library", l.toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).startsWith("PROBLEMS:");
  }

  @Test
  void verify_unknownOption_exits2() {
    assertThat(Cli.run("verify", "--frobnicate", "--library", lib).code()).isEqualTo(2);
  }

  // ---- extensions ---------------------------------------------------------------------------

  @Test
  void extensions_listsBuiltInsWithParamsDefaultsAndAvailability() {
    Cli.Result r = Cli.run("extensions", "--json", "--library", lib);
    assertThat(r.code()).as(r.toString()).isZero();
    JsonNode decode = null;
    for (JsonNode e : json(r)) if (e.get("id").asString().equals("audio.decode")) decode = e;
    assertThat(decode).isNotNull();
    assertThat(decode.get("available").asBoolean()).isTrue();
    assertThat(decode.get("produces").get(0).asString()).isEqualTo("audio");
    // sampleRate or sample_rate, whichever the core's spelling of multi-word parameters is
    assertThat(decode.get("params").toString()).containsPattern("\"sample_?[rR]ate\"").contains("48000");
    Cli.Result text = Cli.run("extensions", "--library", lib);
    assertThat(text.out()).contains("audio.probe 1.0.0", "examples.peak 1.0.0", "block: int = 8192", "available");
  }

  @Test
  void extensions_withoutLibrary_createsNothing(@TempDir Path dir) {
    Path l = dir.resolve("none");
    Cli.Result r = Cli.run("extensions", "--library", l.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("audio.decode");
    assertThat(l).doesNotExist();
  }

  @Test
  void extensions_extraArgument_exits2() {
    assertThat(Cli.run("extensions", "surplus").code()).isEqualTo(2);
  }
}
