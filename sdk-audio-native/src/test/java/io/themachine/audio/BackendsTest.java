package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.themachine.spi.ArtifactId;
import io.themachine.spi.Availability;
import io.themachine.spi.ComputeDevice;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionLog;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The backend choice for extensions: which backend, whether it is a fallback, and what is recorded. */
class BackendsTest {
  static final Availability NO_GPU = Availability.unavailable("no CUDA driver: libcuda.so.1 not found");
  static final Availability GPU = Availability.ok("NVIDIA H100, sm_90");

  @Test
  void choose_cpu_isNeverAFallback() {
    var c = Backends.choose(ComputeDevice.CPU, Backend.VECTOR, GPU);
    assertThat(c.backend()).isEqualTo(Backend.VECTOR);
    assertThat(c.fallback()).isFalse();
  }

  @Test
  void choose_auto_takesCudaWhenAvailable() {
    assertThat(Backends.choose(ComputeDevice.AUTO, Backend.SCALAR, GPU).backend()).isEqualTo(Backend.CUDA);
  }

  @Test
  void choose_autoWithoutGpu_runsCpu_keepsTheReason_notAFallback() {
    var c = Backends.choose(ComputeDevice.AUTO, Backend.VECTOR, NO_GPU);
    assertThat(c.backend()).isEqualTo(Backend.VECTOR);
    assertThat(c.fallback()).isFalse();
    assertThat(c.reason()).contains("libcuda.so.1");
  }

  @Test
  void choose_cudaWithoutGpu_isAFallbackWithTheReason() {
    var c = Backends.choose(ComputeDevice.CUDA, Backend.SCALAR, NO_GPU);
    assertThat(c.backend()).isEqualTo(Backend.SCALAR);
    assertThat(c.fallback()).isTrue();
    assertThat(c.reason()).startsWith("CUDA requested but unavailable: ").contains("libcuda.so.1");
    assertThatThrownBy(c::requireRequested).isInstanceOf(IllegalStateException.class).hasMessageContaining("libcuda.so.1");
  }

  @Test
  void choose_cudaAsTheCpuChoice_isRejected() {
    assertThatThrownBy(() -> Backends.choose(ComputeDevice.AUTO, Backend.CUDA, GPU)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void choose_live_neverThrows() {
    var c = Backends.choose(ComputeDevice.AUTO, Backend.SCALAR);
    assertThat(c.reason()).isNotBlank();
  }

  @Test
  void record_fallback_warnsWithEnumsOnly_andWritesTheManifestMetric() {
    List<String> logs = new ArrayList<>();
    List<String> metrics = new ArrayList<>();
    ExtensionLog log = new ExtensionLog() {
      @Override public void debug(String e, Object... f) { logs.add("DEBUG " + e + " " + List.of(f)); check(f); }
      @Override public void info(String e, Object... f) { logs.add("INFO " + e + " " + List.of(f)); check(f); }
      @Override public void warn(String e, Object... f) { logs.add("WARN " + e + " " + List.of(f)); check(f); }
      private void check(Object[] f) {
        for (int i = 1; i < f.length; i += 2) assertThat(f[i]).isInstanceOf(Enum.class);
      }
    };
    ExtensionContext<?> ctx = (ExtensionContext<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ExtensionContext.class}, (proxy, m, args) -> switch (m.getName()) {
          case "log" -> log;
          case "metricJson" -> {
            metrics.add(args[1] + "=" + args[2]);
            yield null;
          }
          default -> throw new UnsupportedOperationException(m.getName());
        });
    ArtifactId id = null; // the fake ignores the target
    Backends.choose(ComputeDevice.CUDA, Backend.VECTOR, Availability.unavailable("no \"CUDA\" driver\n")).record(ctx, id);
    assertThat(logs).containsExactly("WARN backend_fallback [requested, CUDA, ran, VECTOR]");
    assertThat(metrics).containsExactly("backend={\"requested\":\"cuda\",\"ran\":\"vector\",\"fallback\":true,"
        + "\"reason\":\"CUDA requested but unavailable: no \\\"CUDA\\\" driver\\n\"}");
  }
}
