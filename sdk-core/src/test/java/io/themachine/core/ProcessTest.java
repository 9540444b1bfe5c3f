package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.testing.Child;
import io.themachine.core.testing.ChildMain;
import io.themachine.core.testing.Files2;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real child JVMs: kill -9 at random points, two processes creating one library, a second writer. */
class ProcessTest {
  @TempDir Path tmp;

  private Path inputs() throws Exception {
    Path in = tmp.resolve("in");
    for (int i = 0; i < 4; i++) Files2.random(in.resolve("f" + i + ".wav"), 48 * 1024 + i, 100 + i);
    Files2.random(in.resolve("recv_out-0301.wav"), 20_000, 7);
    Files2.random(in.resolve("trans_out-0301.wav"), 20_000, 8);
    return in;
  }

  /** The artifact ids a complete, uninterrupted run produces. */
  private Set<String> reference(Path in) {
    try (var lib = Librarian.open(tmp.resolve("reference"), LibrarianTest.opts())) {
      lib.ingest(in);
      assertThat(lib.run(ChildMain.PIPELINE).ok()).isTrue();
      return LibrarianTest.ids(lib);
    }
  }

  @Test
  void killNine_atRandomPoints_rerunCompletesWithSameIdsAndVerifyPasses() throws Exception {
    killLoop(20, 42);
  }

  @Test
  @Tag("slow")
  void killNine_manyTimes_slowSuite() throws Exception {
    killLoop(100, 4242);
  }

  private void killLoop(int kills, long seed) throws Exception {
    Path in = inputs();
    Set<String> want = reference(in);
    // Time one complete child run from its "started" line, to spread the kills over its working life.
    Process full = Child.start("run", tmp.resolve("timing").toString(), in.toString());
    var fullOut = new BufferedReader(new InputStreamReader(full.getInputStream(), StandardCharsets.UTF_8));
    awaitLine(fullOut, "started");
    long t0 = System.nanoTime();
    String out = String.join("\n", fullOut.lines().toList());
    assertThat(full.waitFor()).as(out).isZero();
    assertThat(out).contains("done");
    long lifeMs = Math.max(50, (System.nanoTime() - t0) / 1_000_000);

    Random rnd = new Random(seed);
    List<String> killedAt = new ArrayList<>();
    // Go on until `kills` children were really killed mid-run (a child that finished before its
    // delay still gets the re-run check, but does not count), so a loaded machine cannot thin it out.
    for (int i = 0; killedAt.size() < kills && i < kills * 3; i++) {
      Path lib = tmp.resolve("lib-" + i);
      Process p = Child.start("run", lib.toString(), in.toString());
      var pOut = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      // Kill before it opened the library now and then, else somewhere in its work.
      long delay = rnd.nextInt(10) == 0 ? 0 : (long) (rnd.nextDouble() * lifeMs);
      if (delay > 0) awaitLine(pOut, "started");
      boolean exited = p.waitFor(delay, TimeUnit.MILLISECONDS);
      if (!exited) {
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no finally blocks
        p.waitFor();
        killedAt.add(delay + "ms");
      }
      try (var l = Librarian.open(lib, LibrarianTest.opts())) {
        l.ingest(in);
        var report = l.run(ChildMain.PIPELINE);
        assertThat(report.ok()).as("re-run after kill at %d ms: %s", delay, report.summary()).isTrue();
        assertThat(LibrarianTest.ids(l)).as("artifact ids after kill at %d ms", delay).isEqualTo(want);
        var v = l.verify();
        assertThat(v.ok()).as("verify after kill at %d ms: %s", delay, v.problems()).isTrue();
        assertThat(l.status().jobs()).doesNotContainKeys("queued", "running");
      }
    }
    assertThat(killedAt.size()).as("kills that hit a running child (work %d ms): %s", lifeMs, killedAt)
        .isGreaterThanOrEqualTo(kills);
  }

  private static void awaitLine(BufferedReader r, String marker) throws java.io.IOException {
    for (String line; (line = r.readLine()) != null; ) if (line.contains(marker)) return;
    throw new AssertionError("child ended before printing " + marker);
  }

  @Test
  void twoProcesses_openOneNewLibraryAtOnce_bothSucceed() throws Exception {
    for (int round = 0; round < 3; round++) {
      Path lib = tmp.resolve("shared-" + round);
      Path a = Files2.random(tmp.resolve("a" + round + "/x.wav"), 30_000, round);
      Path b = Files2.random(tmp.resolve("b" + round + "/y.wav"), 30_000, round + 50);
      long start = System.currentTimeMillis() + 1500; // both JVMs are up by then and start together
      Process p1 = Child.start("open", lib.toString(), a.toString(), Long.toString(start));
      Process p2 = Child.start("open", lib.toString(), b.toString(), Long.toString(start));
      String o1 = new String(p1.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      String o2 = new String(p2.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p1.waitFor()).as(o1).isZero();
      assertThat(p2.waitFor()).as(o2).isZero();
      try (var l = Librarian.open(lib, LibrarianTest.opts())) {
        assertThat(l.recordings()).hasSize(2);
        assertThat(l.verify().ok()).isTrue();
      }
    }
  }

  @Test
  void secondWriter_whileAnotherProcessWrites_failsClearly_thenSucceedsAfter() throws Exception {
    Path lib = tmp.resolve("lib");
    Process holder = Child.start("hold", lib.toString(), "4000");
    var reader = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null && !line.contains("holding")) { /* wait */ }
    assertThat(line).as("the holder started its run").isNotNull();
    Files2.random(tmp.resolve("mine/z.wav"), 1000, 3);
    try (var l = Librarian.open(lib, LibrarianTest.opts())) {
      // Readers are never blocked.
      assertThat(l.status()).isNotNull();
      assertThatThrownBy(() -> l.ingest(tmp.resolve("mine")))
          .isInstanceOf(LibrarianException.class)
          .satisfies(e -> assertThat(((LibrarianException) e).reason()).isEqualTo(Reason.LOCKED))
          .hasMessageContaining("being written by process " + holder.pid());
    }
    // A writer willing to wait queues behind the holder.
    try (var l = Librarian.open(lib, LibrarianTest.opts().lockWait(java.time.Duration.ofSeconds(60)))) {
      assertThat(l.ingest(tmp.resolve("mine")).added()).hasSize(1);
      assertThat(holder.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(holder.exitValue()).isZero();
      assertThat(l.verify().ok()).isTrue();
    }
  }
}
