package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe;
import io.themachine.spi.audio.AudioBuffer;
import io.themachine.spi.audio.MediaException;
import io.themachine.spi.audio.MediaInfo;
import io.themachine.spi.audio.SanitizeResult;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Privacy at the FFmpeg layer. Canaries (a person's name, a phone number, an e-mail address) are
 * planted in the tags of every format, in an attached picture's description, in chapter titles,
 * and in the folder and file names. Sanitizing must leave none of them in the copy's bytes, in any
 * of the encodings a leak could take (UTF-8, UTF-16LE/BE, base64 at every alignment,
 * percent-encoded); the copy's re-probe must report no tags; and no error message from probing,
 * decoding or sanitizing canary-named files may carry one. The negative control: the same byte
 * search finds the canaries in every unsanitized input, so the search works.
 *
 * <p>Fixtures are made at test time by the reference {@code ffmpeg} CLI (skipped with a reason when
 * it is absent), except the iXML/bext WAV, which is written byte by byte.
 */
class PrivacyCanaryTest {
  static final List<String> CANARIES = List.of("CANARY-4711-JaneDoe", "+1-555-0147-0199", "jane.doe.4711@example.org");

  @TempDir static Path root;

  @org.junit.jupiter.api.BeforeEach
  void present() {
    FfmpegCli.assumePresent();
    assumeTrue(AudioFiles.availability().available(), AudioFiles.availability().reason());
  }
  static Path folder;
  static Path source;
  static Path cover;

  @BeforeAll
  static void fixtures() throws IOException {
    // Fixtures only when the CLI and FFmpeg are there; each test then skips visibly with the reason.
    if (!FfmpegCli.present() || !AudioFiles.availability().available()) return;
    folder = Files.createDirectories(root.resolve("CANARY-4711-JaneDoe +1-555-0147-0199"));
    source = root.resolve("signal.wav");
    FfmpegCli.run("-f", "lavfi", "-i", "aevalsrc=0.5*sin(2*PI*440*t)|0.4*sin(2*PI*660*t):s=44100:d=2", "-c:a", "pcm_f32le", source.toString());
    cover = root.resolve("cover.png");
    FfmpegCli.run("-f", "lavfi", "-i", "color=c=blue:s=32x32:d=1", "-frames:v", "1", cover.toString());
    Files.writeString(root.resolve("chapters.txt"), """
        ;FFMETADATA1
        title=CANARY-4711-JaneDoe
        [CHAPTER]
        TIMEBASE=1/1000
        START=0
        END=1000
        title=Call with +1-555-0147-0199
        [CHAPTER]
        TIMEBASE=1/1000
        START=1000
        END=2000
        title=jane.doe.4711@example.org
        """);
  }

  static final List<String> META = List.of(
      "-metadata", "title=CANARY-4711-JaneDoe", "-metadata", "artist=+1-555-0147-0199",
      "-metadata", "comment=jane.doe.4711@example.org");

  static Stream<Arguments> planted() {
    return Stream.of(
        Arguments.of("wav-info-bext", "wav", List.of("-c:a", "pcm_s16le", "-write_bext", "1",
            "-metadata", "description=CANARY-4711-JaneDoe jane.doe.4711@example.org", "-metadata", "originator=+1-555-0147-0199")),
        Arguments.of("flac-vorbis-comment-picture", "flac", List.of("-i", "COVER", "-map", "0:a", "-map", "1:v", "-c:a", "flac",
            "-c:v", "png", "-disposition:v", "attached_pic", "-metadata:s:v", "comment=Cover (front)", "-metadata:s:v", "title=CANARY-4711-JaneDoe")),
        Arguments.of("mp3-id3v2-apic", "mp3", List.of("-i", "COVER", "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-c:v", "png",
            "-disposition:v", "attached_pic", "-id3v2_version", "3", "-metadata:s:v", "title=CANARY-4711-JaneDoe",
            "-metadata:s:v", "comment=Cover (front)")),
        Arguments.of("m4a-itunes", "m4a", List.of("-c:a", "aac", "-metadata", "album=CANARY-4711-JaneDoe", "-metadata", "composer=jane.doe.4711@example.org")),
        Arguments.of("opus-tags", "opus", List.of("-c:a", "libopus")),
        Arguments.of("ogg-vorbis-comment", "ogg", List.of("-c:a", "libvorbis")),
        Arguments.of("aiff-id3", "aiff", List.of("-c:a", "pcm_s16be", "-write_id3v2", "1")),
        Arguments.of("gsm-in-wav-info", "wav", List.of("-ar", "8000", "-ac", "1", "-c:a", "gsm_ms")),
        Arguments.of("mkv-title-chapters-video", "mkv", List.of("-i", "CHAPTERS", "-f", "lavfi", "-i", "testsrc=size=32x24:rate=5:d=2",
            "-map", "0:a", "-map", "2:v", "-map_metadata", "1", "-map_chapters", "1", "-c:a", "flac", "-c:v", "mpeg4")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("planted")
  void sanitize_taggedInput_leavesNoCanary(String name, String ext, List<String> args) throws IOException {
    Path in = folder.resolve("call from +1-555-0147-0199 CANARY-4711-JaneDoe " + name + "." + ext);
    List<String> cmd = new ArrayList<>(List.of("-i", source.toString()));
    for (String a : args) cmd.add(a.equals("COVER") ? cover.toString() : a.equals("CHAPTERS") ? root.resolve("chapters.txt").toString() : a);
    cmd.addAll(META);
    cmd.add(in.toString());
    FfmpegCli.run(cmd.toArray(String[]::new));
    checkSanitized(in, name);
  }

  @Test
  void sanitize_wavWithInfoBextAndIxml_leavesNoCanary() throws IOException {
    byte[] wav = WavBytes.pcm16(48_000, 2).sine(440, 48_000)
        .infoTag("INAM", "CANARY-4711-JaneDoe")
        .chunk("bext", Arrays.copyOf("+1-555-0147-0199".getBytes(StandardCharsets.US_ASCII), 602))
        .chunk("iXML", "<BWFXML><NOTE>jane.doe.4711@example.org</NOTE></BWFXML>".getBytes(StandardCharsets.UTF_8))
        .bytes();
    Path in = Files.write(folder.resolve("CANARY-4711-JaneDoe handwritten.wav"), wav);
    Set<String> markers = FfmpegMediaProbe.tagMarkersForTest(in, "t");
    assertThat(markers).contains("riff:LIST", "riff:bext", "riff:iXML");
    checkSanitized(in, "wav-ixml");
  }

  private void checkSanitized(Path in, String name) throws IOException {
    byte[] original = Files.readAllBytes(in);
    for (String c : CANARIES) {
      // Negative control: the search finds what is there (the Opus/Vorbis/MKV/M4A/ID3/INFO writers store UTF-8).
      assertThat(findForm(original, c)).as(name + ": canary planted in the original").isNotNull();
    }
    MediaInfo before = AudioFiles.probe(in, "job-1/input-1");
    assertThat(before.hadTags()).as(name + ": original reports tags").isTrue();

    Path out = root.resolve("clean-" + name + ".tmp");
    SanitizeResult r = AudioFiles.sanitize(in, out);
    assertThat(r.media().hadTags()).as(name + ": sanitized copy re-probes clean").isFalse();
    assertThat(r.originalHadTags()).as(name + ": sanitize saw the original's tags").isEqualTo(before.hadTags());
    assertThat(FfmpegMediaProbe.tagMarkersForTest(out, "t")).as(name + ": tag markers left").isEmpty();
    assertThat(r.toString()).doesNotContain("CANARY");
    byte[] clean = Files.readAllBytes(out);
    for (String c : CANARIES) {
      assertThat(findForm(clean, c)).as(name + ": canary " + c + " in the sanitized copy").isNull();
    }
    // The audio survives: stream copies decode to the same samples as the original.
    AudioBuffer a = AudioFiles.open(in).readAll(10);
    AudioBuffer b = AudioFiles.open(out).readAll(10);
    assertThat(b.sampleRate()).isEqualTo(a.sampleRate());
    assertThat(b.channels()).isEqualTo(a.channels());
    // Stream copies keep the packets; lossless re-encodes of 16-bit decoders are exact in 24-bit FLAC.
    assertThat(b.frames()).isEqualTo(a.frames());
    for (int c = 0; c < a.channels(); c++) assertThat(b.array(c)).as(name + " channel " + c).containsExactly(a.array(c));
    System.out.printf("%s: %s -> .%s, %s%n", name, r.method(), r.fileExtension(), r.media());
  }

  @Test
  void sanitize_rawGsm_reencodesLosslesslyAndSaysSo() throws IOException {
    Path in = folder.resolve("CANARY-4711-JaneDoe.gsm");
    FfmpegCli.run("-i", source.toString(), "-ar", "8000", "-ac", "1", "-c:a", "gsm", in.toString());
    Path out = root.resolve("clean-gsm.tmp");
    SanitizeResult r = AudioFiles.sanitize(in, out);
    // No muxer here takes a raw GSM stream (matroska refuses it), so it is decoded and re-encoded.
    assertThat(r.method()).isEqualTo("lossless-reencode");
    assertThat(r.fileExtension()).isEqualTo("flac");
    assertThat(r.media().hadTags()).isFalse();
    AudioBuffer a = AudioFiles.open(in).readAll(10);
    AudioBuffer b = AudioFiles.open(out).readAll(10);
    assertThat(b.frames()).isEqualTo(a.frames());
    assertThat(b.array(0)).containsExactly(a.array(0)); // 16-bit decoder output is exact in 24-bit FLAC
  }

  @Test
  void errors_canaryNamedBadFiles_carryNoCanary() throws IOException {
    List<String> messages = new ArrayList<>();
    Path text = Files.writeString(folder.resolve("CANARY-4711-JaneDoe jane.doe.4711@example.org.wav"), "not audio ".repeat(100));
    Path empty = Files.write(folder.resolve("+1-555-0147-0199.flac"), new byte[0]);
    Path wide = Files.write(folder.resolve("CANARY-4711-JaneDoe wide.wav"), WavBytes.pcm16(48_000, 65_535).rawData(new byte[1024]).bytes());
    Path missing = folder.resolve("CANARY-4711-JaneDoe missing.mp3");
    for (Path p : List.of(text, empty, wide, missing)) {
      messages.add(messageOf(() -> AudioFiles.probe(p)));
      messages.add(messageOf(() -> AudioFiles.open(p).readAll(1)));
      messages.add(messageOf(() -> AudioFiles.sanitize(p, root.resolve("x.tmp"))));
    }
    assertThat(messages).hasSize(12).doesNotContainNull();
    for (String m : messages) {
      for (String c : CANARIES) assertThat(m).doesNotContain(c).doesNotContain(folder.toString());
    }
  }

  private static String messageOf(Runnable r) {
    MediaException e = catchThrowableOfType(MediaException.class, r::run);
    if (e == null) return null;
    StringBuilder all = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) all.append(" | ").append(t.getMessage());
    return all.toString();
  }

  /** The first encoding of {@code canary} found in {@code hay}, or null. */
  static String findForm(byte[] hay, String canary) {
    for (var form : forms(canary).entrySet()) {
      if (indexOf(hay, form.getValue()) >= 0) return form.getKey();
    }
    return null;
  }

  static java.util.Map<String, byte[]> forms(String canary) {
    var m = new java.util.LinkedHashMap<String, byte[]>();
    m.put("utf-8", canary.getBytes(StandardCharsets.UTF_8));
    m.put("utf-16le", canary.getBytes(StandardCharsets.UTF_16LE));
    m.put("utf-16be", canary.getBytes(StandardCharsets.UTF_16BE));
    m.put("percent", URLEncoder.encode(canary, StandardCharsets.UTF_8).getBytes(StandardCharsets.US_ASCII));
    // base64 at all three alignments: encode with 0..2 bytes of prefix, keep the stable middle.
    Set<String> seen = new LinkedHashSet<>();
    for (int pad = 0; pad < 3; pad++) {
      String enc = Base64.getEncoder().encodeToString(("xx".substring(0, pad) + canary).getBytes(StandardCharsets.UTF_8));
      int skip = pad == 0 ? 0 : 4; // the first quartet mixes in the prefix
      String core = enc.substring(skip, enc.length() - 4);
      if (core.length() >= 12 && seen.add(core)) m.put("base64/" + pad, core.getBytes(StandardCharsets.US_ASCII));
    }
    return m;
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }
}
