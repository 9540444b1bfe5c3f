package io.themachine.examples.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding example runs as printed there. */
class EmbedExampleTest {
  @Test
  void main_ingestsRunsExplainsExportsVerifies(@TempDir Path dir) {
    PrintStream saved = System.out;
    var buf = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      EmbedExample.main(new String[] {dir.resolve("lib").toString(), "samples/calls"});
    } finally {
      System.setOut(saved);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("3 added, 0 duplicate, 0 failed, 0 skipped")
        .contains("6 jobs: 6 ran, 0 cached, 0 failed")
        .contains("recording <- ingest")
        .containsPattern("exports/manifest-[0-9-]+\\.jsonl")
        .contains("VerifyReport[ok");
  }
}
