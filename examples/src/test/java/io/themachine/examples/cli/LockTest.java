package io.themachine.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.core.Librarian;
import io.themachine.core.LibraryOptions;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.NoParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A library whose writer lock is held: ingest and run exit 2 (locked), readers still work. */
class LockTest {
  static final CountDownLatch STARTED = new CountDownLatch(1);
  static final CountDownLatch RELEASE = new CountDownLatch(1);

  /** {@code test.block}: holds its run (and so the writer lock) until released. */
  public static final class Blocking implements Extension<NoParams> {
    private static final Descriptor<NoParams> D = Descriptor.of("test.block", "1.0.0", NoParams.INSTANCE)
        .consumes(ArtifactKind.RECORDING);

    @Override public Descriptor<NoParams> descriptor() { return D; }

    @Override public void run(ExtensionContext<NoParams> ctx) throws InterruptedException {
      STARTED.countDown();
      RELEASE.await(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void writerLockHeld_ingestAndRunExit2_statusStillWorks(@TempDir Path dir) throws Exception {
    Path lib = dir.resolve("l");
    assertThat(Cli.run("ingest", "samples/interviews", "--library", lib.toString()).code()).isZero();
    CompletableFuture<?> holder = CompletableFuture.runAsync(() -> {
      try (var l = Librarian.open(lib, LibraryOptions.defaults().extensions(new Blocking()))) {
        l.run(Pipeline.of(Step.use("test.block")));
      }
    });
    try {
      assertThat(STARTED.await(30, TimeUnit.SECONDS)).isTrue();
      var noWait = (java.util.function.UnaryOperator<LibraryOptions>) o -> o.lockWait(Duration.ZERO);
      Cli.Result ingest = Cli.run(Map.of(), noWait, "ingest", "samples/calls", "--library", lib.toString());
      assertThat(ingest.code()).as(ingest.toString()).isEqualTo(2);
      assertThat(ingest.err()).contains("(locked)");
      Cli.Result status = Cli.run(Map.of(), noWait, "status", "--library", lib.toString());
      assertThat(status.code()).as(status.toString()).isZero();
    } finally {
      RELEASE.countDown();
      holder.get(60, TimeUnit.SECONDS);
    }
  }
}
