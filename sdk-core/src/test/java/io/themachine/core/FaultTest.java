package io.themachine.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.internal.store.StoreIo;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.core.testing.Files2;
import io.themachine.core.testing.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults planted for real: a full disk (injected, and a real 2 MiB tmpfs) and a read-only file system. */
class FaultTest {
  @TempDir Path tmp;

  private static Reason reason(Throwable e) {
    return ((LibrarianException) e).reason();
  }

  @Test
  void ingest_diskFullMidCopy_throwsDiskFull_andKeepsNothingPartial() throws Exception {
    Files2.random(tmp.resolve("in/a.wav"), 50_000, 1);
    Files2.random(tmp.resolve("in/b.wav"), 200_000, 2);
    try (var lib = Librarian.open(tmp.resolve("lib"), LibrarianTest.opts())) {
      lib.storeIo(StoreIo.fullAfter(120_000)); // a fits, b does not
      assertThatThrownBy(() -> lib.ingest(tmp.resolve("in")))
          .isInstanceOf(LibrarianException.class)
          .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.DISK_FULL))
          .hasMessageContaining("disk is full").hasMessageContaining("input #2");
      assertThat(lib.recordings()).hasSize(1);
      assertThat(lib.status().jobs()).containsEntry("failed", 1L).containsEntry("done", 1L);
      assertThat(lib.verify().ok()).as(lib.verify().problems().toString()).isTrue();
      try (var s = Files.list(tmp.resolve("lib/store/tmp"))) {
        assertThat(s).isEmpty();
      }
      lib.storeIo(StoreIo.FILES);
      assertThat(lib.ingest(tmp.resolve("in")).added()).hasSize(1);
      assertThat(lib.verify().ok()).isTrue();
    }
  }

  @Test
  void run_diskFullWhileAnExtensionWrites_failsTheJob_andVerifyPasses() throws Exception {
    Files2.random(tmp.resolve("in/a.wav"), 100_000, 1);
    try (var lib = Librarian.open(tmp.resolve("lib"), LibrarianTest.opts())) {
      lib.ingest(tmp.resolve("in"));
      lib.storeIo(StoreIo.fullAfter(30_000));
      assertThatThrownBy(() -> lib.run(Pipeline.of(Step.use("test.transform"))))
          .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.DISK_FULL))
          .hasMessageContaining("kept nothing partial");
      assertThat(lib.status().artifacts()).isEqualTo(1);
      assertThat(lib.verify().ok()).isTrue();
      lib.storeIo(StoreIo.FILES);
      assertThat(lib.run(Pipeline.of(Step.use("test.transform"))).ran()).isEqualTo(1);
      assertThat(lib.verify().ok()).isTrue();
    }
  }

  @Test
  void ingest_realTmpfsFills_throwsDiskFull_andVerifyPasses() throws Exception {
    Path mnt = tmp.resolve("small");
    try (Mounts m = Mounts.tmpfs(mnt, "2m")) {
      Files2.random(tmp.resolve("in/big.wav"), 3 << 20, 1);
      Files2.random(tmp.resolve("small-in/little.wav"), 10_000, 2);
      try (var lib = Librarian.open(mnt.resolve("lib"), LibrarianTest.opts())) {
        assertThatThrownBy(() -> lib.ingest(tmp.resolve("in")))
            .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.DISK_FULL));
        assertThat(lib.verify().ok()).as(lib.verify().problems().toString()).isTrue();
        assertThat(lib.ingest(tmp.resolve("small-in")).added()).hasSize(1);
        assertThat(lib.verify().ok()).isTrue();
      }
    }
  }

  @Test
  void open_readOnlyFileSystem_readsButRefusesWrites() throws Exception {
    Path mnt = tmp.resolve("ro");
    try (Mounts m = Mounts.tmpfs(mnt, "8m")) {
      Files2.random(tmp.resolve("in/a.wav"), 10_000, 1);
      try (var lib = Librarian.open(mnt.resolve("lib"), LibrarianTest.opts())) {
        lib.ingest(tmp.resolve("in"));
        lib.run(Pipeline.of(Step.use("test.measure")));
      }
      m.readOnly();
      try (var lib = Librarian.open(mnt.resolve("lib"), LibrarianTest.opts())) {
        assertThat(lib.readOnly()).isTrue();
        assertThat(lib.recordings()).hasSize(1);
        assertThat(lib.verify().ok()).isTrue();
        assertThatThrownBy(() -> lib.ingest(tmp.resolve("in")))
            .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.READ_ONLY)).hasMessageContaining("read-only");
        assertThatThrownBy(() -> lib.run(Pipeline.of(Step.use("test.measure"))))
            .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.READ_ONLY));
        assertThat(lib.exportManifest(new java.io.ByteArrayOutputStream()).rows()).isEqualTo(1);
      }
      assertThatThrownBy(() -> Librarian.open(mnt.resolve("new-lib"), LibrarianTest.opts()))
          .satisfies(e -> assertThat(reason(e)).isEqualTo(Reason.READ_ONLY));
    }
  }
}
