package io.themachine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code themachine demo}: twice, the second run all cached; and none of the samples' fake personal data anywhere. */
class DemoTest {
  @Test
  void demo_twice_secondRunAllCached_andNoFakePersonalDataAnywhere(@TempDir Path dir) throws IOException {
    Path lib = dir.resolve("demo-library");
    Cli.Result first = Cli.run("demo", "samples", "--library", lib.toString());
    assertThat(first.code()).as(first.toString()).isZero();
    assertThat(first.out()).contains("ingest: 5 added, 0 duplicate, 0 failed")
        .contains("Manifest: ").contains("/exports/manifest-").contains("Try next:");
    int[] ran = jobs(first.out()); // {jobs, ran, cached}: at least probe and decode for each of the 5 recordings
    assertThat(ran[0]).isGreaterThanOrEqualTo(10);
    assertThat(ran[1]).isEqualTo(ran[0]);
    assertThat(ran[2]).isZero();

    Cli.Result second = Cli.run("demo", "samples", "--library", lib.toString());
    assertThat(second.code()).as(second.toString()).isZero();
    assertThat(second.out()).contains("ingest: 0 added, 5 duplicate")
        .contains("this run: 0 job(s) ran, " + ran[0] + " cached");
    assertThat(jobs(second.out())).containsExactly(ran[0], 0, ran[0]);

    // The privacy rule: names and tags of the samples reach neither the library (registry,
    // store, manifests, logs) nor anything the CLI printed.
    assertThat(Files.readString(lib.resolve("logs/cli.log"))).contains("demo ingest added=5");
    assertThat(FakePersonalData.foundUnder(lib)).isEmpty();
    assertThat(FakePersonalData.foundIn(first.all() + second.all())).isEmpty();
    // and the needles are real: they are in the samples' names and tags
    assertThat(FakePersonalData.foundUnder(Path.of("samples"))).isNotEmpty();
    StringBuilder names = new StringBuilder();
    try (var s = Files.walk(Path.of("samples"))) {
      s.forEach(p -> names.append(p.getFileName()).append('\n'));
    }
    assertThat(FakePersonalData.foundIn(names.toString())).contains("quixmore", "15550142", "fakely", "ximena");
  }

  /** {jobs, ran, cached} from the run summary line; fails unless it says 0 failed. */
  static int[] jobs(String out) {
    var m = java.util.regex.Pattern.compile("(\\d+) jobs: (\\d+) ran, (\\d+) cached, 0 failed").matcher(out);
    assertThat(m.find()).as(out).isTrue();
    return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
  }

  @Test
  void demo_json_reportsRunAndManifest(@TempDir Path dir) {
    Cli.Result r = Cli.run("demo", "samples", "--json", "--library", dir.resolve("l").toString());
    assertThat(r.code()).as(r.toString()).isZero();
    var j = CliTest.json(r);
    assertThat(j.get("recordings").asInt()).isEqualTo(5);
    assertThat(j.get("run").get("ran").asInt()).isGreaterThanOrEqualTo(10);
    assertThat(j.get("run").get("failed").asInt()).isZero();
    assertThat(j.get("manifest").asString()).startsWith("exports/manifest-");
    assertThat(j.get("verify_ok").asBoolean()).isTrue();
  }

  @Test
  void demo_missingFolder_exits2(@TempDir Path dir) {
    Cli.Result r = Cli.run("demo", dir.resolve("nothing").toString(), "--library", dir.resolve("l").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("not a folder");
  }

  @Test
  void demo_corruptSample_exits1(@TempDir Path dir) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.copy(Path.of("samples/interviews/interview-ximena-fakeson-2026-03-14.m4a"), in.resolve("a.m4a"));
    Files.write(in.resolve("b.wav"), new byte[] {'R', 'I', 'F', 'F', 1, 2, 3, 4, 'W', 'A', 'V', 'E', 9, 9, 9});
    Cli.Result r = Cli.run("demo", in.toString(), "--library", dir.resolve("l").toString());
    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.out()).contains("1 added", "1 failed");
  }

  @Test
  void defaultPipeline_missingExtension_isLeftOutWithANote(@TempDir Path dir) throws IOException {
    var cmd = new DemoCommand();
    var err = new java.io.ByteArrayOutputStream();
    cmd.app = new TheMachine(System.out, new java.io.PrintStream(err, true), java.util.Map.of(), false, o -> o);
    var full = io.themachine.core.pipeline.Pipeline.fromYamlText(
        "steps:\n  - use: audio.probe\n  - use: nosuch.measure\n  - use: examples.peak\n    input: nosuch.measure\n  - use: audio.decode\n");
    try (var lib = io.themachine.core.Librarian.open(dir.resolve("l"))) {
      var kept = cmd.available(full, lib.extensions());
      assertThat(kept.steps()).extracting(io.themachine.core.pipeline.Step::use).containsExactly("audio.probe", "audio.decode");
    }
    assertThat(err.toString()).contains("step nosuch.measure left out of the demo: extension nosuch.measure is not on the path")
        .contains("step examples.peak left out of the demo: it reads from the left-out step nosuch.measure");
  }
}
