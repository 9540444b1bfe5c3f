package io.themachine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real launcher, {@code examples/themachine}, after {@code package}: started from an unrelated
 * working directory, {@code demo} twice (the second all cached), {@code status}, and {@code shell}
 * with {@code /exit} piped in. Runs in {@code ./mvnw verify} (failsafe), not in {@code test}.
 */
class LauncherIT {
  static final Path LAUNCHER = Path.of("themachine").toAbsolutePath();

  record Out(int code, String text, long millis) {}

  static Out launch(Path cwd, String stdin, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>(List.of(LAUNCHER.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true);
    pb.environment().put("THEMACHINE_NO_BUILD", "1"); // `package` built the jars; never run Maven from a test
    pb.environment().remove("THEMACHINE_LIBRARY");
    long t0 = System.nanoTime();
    Process p = pb.start();
    if (stdin != null) p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    return new Out(p.exitValue(), text, (System.nanoTime() - t0) / 1_000_000);
  }

  @Test
  void launcher_demoTwice_fromAnyDirectory_secondAllCached(@TempDir Path cwd) throws Exception {
    Out first = launch(cwd, null, "demo");
    assertThat(first.code()).as(first.text()).isZero();
    assertThat(first.text()).contains("ingest: 5 added").contains("Library:  demo-library");
    int[] ran = DemoTest.jobs(first.text());
    assertThat(ran[1]).isEqualTo(ran[0]).isGreaterThanOrEqualTo(10);
    Out second = launch(cwd, null, "demo");
    assertThat(second.code()).as(second.text()).isZero();
    assertThat(DemoTest.jobs(second.text())).containsExactly(ran[0], 0, ran[0]);
    System.out.println("launcher demo wall time: first " + first.millis() + " ms, cached " + second.millis() + " ms");

    Out status = launch(cwd, null, "status", "--json", "--library", "demo-library");
    assertThat(status.code()).isZero();
    assertThat(status.text()).contains("\"recordings\":5");
    assertThat(FakePersonalData.foundUnder(cwd.resolve("demo-library"))).isEmpty();
    assertThat(FakePersonalData.foundIn(first.text() + second.text() + status.text())).isEmpty();
  }

  @Test
  void launcher_usageError_exits2(@TempDir Path cwd) throws Exception {
    Out r = launch(cwd, null, "status", "--no-such-option");
    assertThat(r.code()).isEqualTo(2);
    Out v = launch(cwd, null, "--version");
    assertThat(v.code()).isZero();
    assertThat(v.text()).contains("themachine 0.1.0");
  }

  @Test
  void launcher_shell_startsAndExits(@TempDir Path cwd) throws Exception {
    Out r = launch(cwd, "System.out.println(\"SHELL \" + yaml(\"steps: [{use: audio.decode}]\"));\n/exit\n", "shell");
    assertThat(r.code()).as(r.text()).isZero();
    assertThat(r.text()).contains("SHELL Pipeline[pipeline: audio.decode]");
  }
}
