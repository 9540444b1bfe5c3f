package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.themachine.audio.Backend;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Environment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The probe reports a missing piece as an Availability whose reason names the fix, and never throws. */
class CudaProbeTest {
  @TempDir Path dir;

  @Test
  void probe_switchedOff_saysSo() {
    var p = Cuda.probe("off", Environment.current());
    assertThat(p.availability().available()).isFalse();
    assertThat(p.availability().reason()).isEqualTo("switched off with -Dthemachine.cuda=off");
    assertThat(p.runtime()).isNull();
  }

  @Test
  void probe_noDriver_namesLibcudaAndTheOverride() {
    var env = new Environment(Map.of("themachine.cuda.lib.cuda", dir.resolve("libcuda.so.1").toString()), Map.of(), dir);
    var a = Cuda.probe("", env).availability();
    assertThat(a.available()).isFalse();
    assertThat(a.reason()).contains("no CUDA driver").contains("libcuda.so.1 not found").contains("-Dthemachine.cuda.lib.cuda=");
    assertThat(a.reason()).doesNotContain(dir.toString());
  }

  @Test
  void probe_driverFileNotALibrary_isUnavailableNotAnException() throws Exception {
    Path fake = Files.writeString(dir.resolve("libcuda.so.1"), "not an ELF file");
    var env = new Environment(Map.of("themachine.cuda.lib.cuda", fake.toString()), Map.of(), dir);
    assertThatCode(() -> Cuda.probe("", env)).doesNotThrowAnyException();
    var a = Cuda.probe("", env).availability();
    assertThat(a.available()).isFalse();
    assertThat(a.reason()).contains("libcuda.so.1 found but failed to load");
  }

  @Test
  void backendCuda_availability_neverThrows_andGivesAReason() {
    var a = Backend.CUDA.availability();
    assertThat(a.reason()).isNotBlank();
    // On this CI machine there is no driver; on a GPU machine it names the device.
    System.out.println("CUDA: " + a);
    assertThat(Cuda.availability()).isEqualTo(a);
  }

  @Test
  void runtime_whenUnavailable_throwsWithTheReason() {
    org.junit.jupiter.api.Assumptions.assumeFalse(Cuda.availability().available(), "a device is present here");
    org.assertj.core.api.Assertions.assertThatThrownBy(Cuda::runtime).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(Cuda.availability().reason());
  }
}
