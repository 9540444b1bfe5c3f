package io.themachine.core.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real tmpfs for fault tests (disk full, read-only); tests skip with the reason where mounting is not allowed. */
public final class Mounts implements AutoCloseable {
  private final Path dir;

  private Mounts(Path dir) {
    this.dir = dir;
  }

  public static Mounts tmpfs(Path dir, String size) throws IOException, InterruptedException {
    Files.createDirectories(dir);
    String out = run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    assumeTrue(out == null, () -> "skipped: cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN): " + out);
    return new Mounts(dir);
  }

  public void readOnly() throws IOException, InterruptedException {
    String out = run("mount", "-o", "remount,ro", dir.toString());
    if (out != null) throw new IllegalStateException("remount read-only failed: " + out);
  }

  /** Runs a command; null on success, else its output. */
  static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return p.waitFor() == 0 ? null : "exit " + p.exitValue() + ": " + out.trim();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run("umount", "-l", dir.toString());
  }
}
