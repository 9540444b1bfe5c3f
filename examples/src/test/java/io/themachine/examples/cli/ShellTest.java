package io.themachine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code themachine shell}: JShell starts with the SDK and the startup script, and its helpers work. */
class ShellTest {
  @Test
  void shell_printCommand_namesJshellModulePathAndScript() {
    Cli.Result r = Cli.run("shell", "--print-command");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("bin/jshell").contains("--add-modules ALL-MODULE-PATH")
        .contains("-R--enable-native-access=ALL-UNNAMED").contains(".jsh");
  }

  @Test
  void shell_startsWithSdk_helpersOpenALibrary(@TempDir Path dir) throws IOException, InterruptedException {
    Path script = dir.resolve("themachine.jsh");
    try (InputStream in = ShellCommand.class.getResourceAsStream(ShellCommand.SCRIPT)) {
      Files.copy(in, script);
    }
    var cmd = ShellCommand.command(script, null);
    Path lib = dir.resolve("lib");
    String input = "var l = lib(\"" + lib + "\");\n"
        + "System.out.println(\"RESULT \" + l.status().recordings() + \" \" + yaml(\"steps: [{use: audio.probe}]\"));\n"
        + "l.close();\n/exit\n";
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(text).as(text).contains("RESULT 0 Pipeline[pipeline: audio.probe]").doesNotContain("|  Error");
    assertThat(lib.resolve("themachine-library.json")).exists();
  }
}
