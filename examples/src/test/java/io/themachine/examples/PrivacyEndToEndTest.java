package io.themachine.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.core.Librarian;
import io.themachine.core.LibraryOptions;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue A2's canary test, end to end through the librarian with the real FFmpeg backend: inputs
 * whose folder names, file names and tags (WAV INFO, FLAC Vorbis comment, MP3 ID3v2 with an
 * attached picture, M4A iTunes tags, Opus tags, an MKV title) carry canaries are ingested, run
 * through a pipeline and exported. A byte search of the whole library folder (registry and WAL
 * included, searched while open and after close), the captured logs, stdout/stderr and the manifest
 * finds no form of any canary, with the vault off and on. A negative control (an original input,
 * deliberately not sanitized, copied into the library folder) is found, proving the search works.
 */
class PrivacyEndToEndTest {
  static final List<String> CANARIES = List.of("CANARY-4711-JaneDoe", "+1-555-0147-0199", "jane.doe.4711@example.org");

  @TempDir Path tmp;

  static List<byte[]> forms(String c) {
    List<byte[]> f = new ArrayList<>();
    f.add(c.getBytes(StandardCharsets.UTF_8));
    f.add(c.getBytes(StandardCharsets.UTF_16LE));
    f.add(c.getBytes(StandardCharsets.UTF_16BE));
    f.add(URLEncoder.encode(c, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    f.add(c.replace("+", "\\u002B").replace("@", "\\u0040").getBytes(StandardCharsets.UTF_8)); // JSON-escaped
    byte[] raw = c.getBytes(StandardCharsets.UTF_8);
    for (int shift = 0; shift < 3; shift++) { // base64 at each of the three alignments
      byte[] padded = new byte[raw.length + shift];
      System.arraycopy(raw, 0, padded, shift, raw.length);
      String b64 = Base64.getEncoder().encodeToString(padded);
      int skip = shift == 0 ? 0 : 4; // the first group mixes in bytes that are not the canary's
      f.add(b64.substring(Math.min(skip, b64.length()), Math.max(skip, b64.length() - 4)).getBytes(StandardCharsets.UTF_8));
    }
    return f;
  }

  static List<String> found(byte[] hay) {
    List<String> hits = new ArrayList<>();
    for (String c : CANARIES) {
      for (byte[] f : forms(c)) if (f.length >= 8 && indexOf(hay, f) >= 0) hits.add(c);
    }
    return hits;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  static byte[] allBytes(Path dir) throws IOException {
    var out = new ByteArrayOutputStream();
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        try {
          out.write(Files.readAllBytes(p));
        } catch (IOException ignored) {
          // a -shm file vanishing while listed
        }
      }
    }
    return out.toByteArray();
  }

  static void ffmpeg(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("ffmpeg failed: " + out);
  }

  /** Six tagged inputs in a canary-named folder. */
  Path makeInputs() throws Exception {
    Path dir = tmp.resolve("in/CANARY-4711-JaneDoe/calls of +1-555-0147-0199");
    Files.createDirectories(dir);
    String[] tags = {"-metadata", "title=CANARY-4711-JaneDoe", "-metadata", "artist=+1-555-0147-0199",
        "-metadata", "comment=jane.doe.4711@example.org"};
    String sine = "sine=frequency=440:duration=1.5:sample_rate=16000";
    ffmpeg(dir, "-f", "lavfi", "-i", "color=c=red:s=16x16", "-frames:v", "1", "cover.png");
    List<List<String>> jobs = List.of(
        List.of("-f", "lavfi", "-i", sine, tags[0], tags[1], tags[2], tags[3], tags[4], tags[5], "recv_out-+1-555-0147-0199.wav"),
        List.of("-f", "lavfi", "-i", sine, tags[0], tags[1], tags[2], tags[3], tags[4], tags[5], "trans_out-+1-555-0147-0199.flac"),
        List.of("-f", "lavfi", "-i", sine, "-i", "cover.png", "-map", "0", "-map", "1", "-c:v", "png",
            "-disposition:v", "attached_pic", "-id3v2_version", "3", tags[0], tags[1], tags[2], tags[3], tags[4], tags[5],
            "jane.doe.4711@example.org interview.mp3"),
        List.of("-f", "lavfi", "-i", sine, "-c:a", "aac", tags[0], tags[1], tags[2], tags[3], tags[4], tags[5], "CANARY-4711-JaneDoe.m4a"),
        List.of("-f", "lavfi", "-i", "sine=frequency=440:duration=1.5:sample_rate=48000", "-c:a", "libopus", tags[0], tags[1],
            tags[2], tags[3], tags[4], tags[5], "voicemail CANARY-4711-JaneDoe.opus"),
        List.of("-f", "lavfi", "-i", sine, "-c:a", "flac", tags[0], tags[1], tags[2], tags[3], "call.mkv"));
    int tone = 0;
    for (List<String> j : jobs) {
      // A different tone per file: identical audio would (rightly) be stored once.
      String freq = "frequency=" + (330 + 110 * tone++);
      ffmpeg(dir, j.stream().map(a -> a.replace("frequency=440", freq)).toArray(String[]::new));
    }
    Files.delete(dir.resolve("cover.png"));
    return tmp.resolve("in");
  }

  @ParameterizedTest(name = "vault {0}")
  @ValueSource(booleans = {false, true})
  void canariesInNamesAndTags_appearNowhere_negativeControlFound(boolean vault) throws Exception {
    assumeTrue(commandExists("ffmpeg"), "skipped: the ffmpeg CLI (Debian package ffmpeg) makes the tagged inputs; .ci/run installs it");
    Path in = makeInputs();
    // The inputs really carry the canaries (otherwise the test proves nothing).
    assertThat(found(allBytes(in))).containsAll(CANARIES);

    Path lib = tmp.resolve("library");
    PrintStream out = System.out, err = System.err;
    var captured = new ByteArrayOutputStream();
    PrintStream cap = new PrintStream(captured, true, StandardCharsets.UTF_8);
    List<String> messages = new ArrayList<>();
    System.setOut(cap);
    System.setErr(cap);
    try (var l = Librarian.open(lib, LibraryOptions.defaults().vault(vault))) {
      assertThat(l.status().media()).startsWith("ffmpeg");
      var ingest = l.ingest(in);
      messages.add(ingest.summary());
      assertThat(ingest.failures()).as(ingest.summary()).isEmpty();
      assertThat(ingest.added()).hasSize(6);
      assertThat(l.recordings()).allSatisfy(r -> {
        assertThat(r.hadTags()).isTrue();
        assertThat(r.storedAs()).isIn("stream-copy", "lossless-reencode");
        assertThat(r.media().hadTags()).isFalse();
      });
      var run = l.run(Pipeline.of(Step.use("audio.probe"), Step.use("audio.decode").with("sample_rate", 16000)));
      messages.add(run.summary());
      assertThat(run.ok()).as(run.summary()).isTrue();
      messages.add(l.status().toString());
      messages.add(l.recordings().toString());
      messages.add(l.explain(l.recordings().get(0).id()).toString());
      var export = l.exportManifest();
      messages.add(l.verify().toString());
      assertThat(l.verify().ok()).isTrue();
      // Searched while open: the registry's WAL is there now.
      assertThat(found(allBytes(lib))).as("library folder while open (vault %s)", vault).isEmpty();
      assertThat(found(Files.readAllBytes(lib.resolve(export.file())))).as("manifest").isEmpty();
      if (vault) {
        assertThat(l.reveal(l.recordings().get(0).pseudonym())).singleElement().asString().contains("CANARY-4711-JaneDoe");
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertThat(found(allBytes(lib))).as("library folder after close").isEmpty();
    assertThat(found(captured.toByteArray())).as("logs and stdout/stderr").isEmpty();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("ingested");
    assertThat(found(String.join("\n", messages).getBytes(StandardCharsets.UTF_8))).as("messages").isEmpty();

    // Negative control: an original, unsanitized input dropped into the library folder is found.
    try (var s = Files.walk(in)) {
      Path original = s.filter(p -> p.toString().endsWith(".mp3")).findFirst().orElseThrow();
      Files.copy(original, lib.resolve("control.bin"));
    }
    assertThat(found(allBytes(lib))).as("negative control").isNotEmpty();
  }

  static boolean commandExists(String c) {
    try {
      return new ProcessBuilder(c, "-version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
