package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every native owner on a real device: round trips, idempotent close, loud use-after-close, errors that name the call. */
@Tag("gpu")
class CudaOwnersGpuTest {
  @TempDir Path dir;

  @BeforeEach
  void gpu() {
    GpuAssume.cuda();
  }

  @Test
  void deviceBuffer_roundTrip_hostDeviceDeviceHost() {
    try (CudaContext ctx = CudaContext.open(); Arena a = Arena.ofConfined();
        DeviceBuffer d1 = DeviceBuffer.allocate(ctx, 4096); DeviceBuffer d2 = DeviceBuffer.allocate(ctx, 4096)) {
      float[] v = new float[1024];
      for (int i = 0; i < v.length; i++) v[i] = i * 0.5f;
      d1.copyFrom(a.allocateFrom(JAVA_FLOAT, v), 0);
      d1.copyTo(0, d2, 0, 4096);
      MemorySegment back = a.allocate(4096);
      d2.copyTo(0, back);
      assertThat(back.toArray(JAVA_FLOAT)).containsExactly(v);
      d2.clear();
      d2.copyTo(0, back);
      assertThat(back.toArray(JAVA_FLOAT)).containsOnly(0f);
    }
  }

  @Test
  void pinnedBuffer_asyncCopies_onAStream() {
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx);
        PinnedBuffer p = PinnedBuffer.allocate(ctx, 1 << 20); DeviceBuffer d = DeviceBuffer.allocate(ctx, 1 << 20);
        CudaEvent e0 = CudaEvent.create(ctx); CudaEvent e1 = CudaEvent.create(ctx)) {
      for (int i = 0; i < (1 << 18); i++) p.segment().setAtIndex(JAVA_FLOAT, i, i);
      e0.record(s);
      d.copyFromAsync(p, 0, 0, 1 << 20, s);
      p.segment().fill((byte) 0); // racing the copy would be wrong; wait first
      s.synchronize();
      for (int i = 0; i < (1 << 18); i++) p.segment().setAtIndex(JAVA_FLOAT, i, i);
      d.copyFromAsync(p, 0, 0, 1 << 20, s);
      s.synchronize();
      p.segment().fill((byte) 0);
      d.copyToAsync(0, p, 0, 1 << 20, s);
      e1.record(s);
      e1.synchronize();
      assertThat(p.segment().getAtIndex(JAVA_FLOAT, 12345)).isEqualTo(12345f);
      assertThat(e1.elapsedSince(e0)).isGreaterThanOrEqualTo(0f);
    }
  }

  @Test
  void close_calledTwice_isNoOp_andUseAfterClose_throws() {
    CudaContext ctx = CudaContext.open();
    DeviceBuffer d = DeviceBuffer.allocate(ctx, 64);
    PinnedBuffer p = PinnedBuffer.allocate(ctx, 64);
    CudaStream s = CudaStream.create(ctx);
    CudaEvent e = CudaEvent.create(ctx);
    for (AutoCloseable c : new AutoCloseable[] {d, p, s, e}) {
      assertThatCode(() -> {
        c.close();
        c.close();
      }).doesNotThrowAnyException();
    }
    assertThatThrownBy(d::address).isInstanceOf(IllegalStateException.class).hasMessageContaining("DeviceBuffer used after close");
    assertThatThrownBy(p::segment).isInstanceOf(IllegalStateException.class).hasMessageContaining("PinnedBuffer used after close");
    assertThatThrownBy(s::synchronize).isInstanceOf(IllegalStateException.class).hasMessageContaining("CudaStream used after close");
    assertThatThrownBy(e::synchronize).isInstanceOf(IllegalStateException.class).hasMessageContaining("CudaEvent used after close");
    ctx.close();
    ctx.close();
    assertThatThrownBy(ctx::makeCurrent).isInstanceOf(IllegalStateException.class).hasMessageContaining("CudaContext used after close");
  }

  @Test
  void cuMemAlloc_tooLarge_namesTheCallAndTheError() {
    try (CudaContext ctx = CudaContext.open()) {
      assertThatThrownBy(() -> DeviceBuffer.allocate(ctx, 1L << 50)).isInstanceOf(CudaException.class)
          .hasMessageStartingWith("cuMemAlloc failed: CUDA_ERROR_OUT_OF_MEMORY");
    }
  }

  @Test
  void nvrtc_compileError_carriesTheLog_andCacheWritesTheImage() throws Exception {
    try (CudaContext ctx = CudaContext.open()) {
      CudaRuntime rt = ctx.runtime();
      var compiler = new NvrtcCompiler(rt);
      assertThatThrownBy(() -> compiler.compile("broken.cu", "extern \"C\" __global__ void k() { undefined_thing(); }",
          NvrtcCompiler.options(rt))).isInstanceOf(CudaException.class)
          .hasMessageContaining("nvrtcCompileProgram(broken.cu) failed: NVRTC_ERROR_COMPILATION").hasMessageContaining("undefined_thing");
      KernelCache.clearMemory();
      var cache = new KernelCache(dir, compiler);
      byte[] img = cache.image("loudness.cu", KernelCache.source("loudness.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
      assertThat(img.length).isGreaterThan(1000);
      try (var files = Files.list(dir)) {
        assertThat(files.count()).isEqualTo(1);
      }
      try (CudaModule m = CudaModule.load(ctx, img)) {
        m.close();
        assertThatThrownBy(() -> m.launch("loudness_chunks", 1, 1, 0, null)).isInstanceOf(IllegalStateException.class);
      }
      assertThat(compiler.ptx("melspec.cu", KernelCache.source("melspec.cu"), NvrtcCompiler.options(rt))).contains(".entry mel_bands");
    }
  }

  @Test
  void cufftPlan_roundTrip_r2cThenC2r_scalesByN() {
    GpuAssume.cufft();
    int n = 1024, batch = 3;
    try (CudaContext ctx = CudaContext.open(); CudaStream s = CudaStream.create(ctx); Arena a = Arena.ofConfined();
        CufftPlan fwd = CufftPlan.r2c(ctx, n, batch, n); CufftPlan inv = CufftPlan.c2r(ctx, n, batch, n);
        DeviceBuffer x = DeviceBuffer.allocate(ctx, 4L * n * batch); DeviceBuffer X = DeviceBuffer.allocate(ctx, 8L * (n / 2 + 1) * batch);
        DeviceBuffer y = DeviceBuffer.allocate(ctx, 4L * n * batch)) {
      float[] v = new float[n * batch];
      for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(i * 0.01) + (i % 7) * 0.1f;
      x.copyFrom(a.allocateFrom(JAVA_FLOAT, v), 0);
      fwd.setStream(s);
      inv.setStream(s);
      fwd.execR2C(x.address(), X.address());
      inv.execC2R(X.address(), y.address());
      s.synchronize();
      MemorySegment back = a.allocate(4L * n * batch);
      y.copyTo(0, back);
      float[] w = back.toArray(JAVA_FLOAT);
      for (int i = 0; i < v.length; i++) assertThat(w[i] / n).isCloseTo(v[i], org.assertj.core.data.Offset.offset(1e-4f));
      fwd.close();
      fwd.close();
      assertThatThrownBy(() -> fwd.execR2C(x.address(), X.address())).isInstanceOf(IllegalStateException.class);
    }
  }
}
