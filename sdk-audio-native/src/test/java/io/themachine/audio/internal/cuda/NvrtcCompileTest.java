package io.themachine.audio.internal.cuda;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.themachine.audio.internal.cuda.ffm.CufftApi;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Environment;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Lib;
import io.themachine.audio.internal.cuda.ffm.NvrtcApi;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * NVRTC and cuFFT need no GPU to load: where the libraries exist on the machine (the CUDA toolkit,
 * a pip wheel, {@code THEMACHINE_CUDA_LIBS}), the bindings are exercised for real in the default
 * suite: every symbol binds, both kernel sources compile through {@code NvrtcApi} to a CUBIN for
 * sm_80 and sm_90 and to PTX exporting their kernels, a broken source fails naming the call with
 * NVRTC's log. Without the libraries the tests skip with the reason.
 */
class NvrtcCompileTest {
  static Optional<Path> lib(Lib l) {
    return NativeLibraries.locate(l, Environment.current());
  }

  static CudaRuntime nvrtcOnly(int major, int minor) {
    Optional<Path> p = lib(Lib.NVRTC);
    if (p.isEmpty()) System.out.println("NVRTC test skipped: libnvrtc not found (install the CUDA toolkit or set THEMACHINE_CUDA_LIBS)");
    assumeTrue(p.isPresent(), "libnvrtc not found (install the CUDA toolkit, or set THEMACHINE_CUDA_LIBS / -Dthemachine.cuda.lib.nvrtc)");
    try (var s = java.nio.file.Files.newDirectoryStream(p.get().getParent(), "libnvrtc-builtins.so*")) {
      for (Path b : s) SymbolLookup.libraryLookup(b, Arena.global());
    } catch (Exception ignored) {
      // the toolkit's own layout finds the builtins by RUNPATH
    }
    NvrtcApi api = new NvrtcApi(SymbolLookup.libraryLookup(p.get(), Arena.global()));
    String v;
    try (Arena a = Arena.ofConfined()) {
      MemorySegment ma = a.allocate(JAVA_INT), mi = a.allocate(JAVA_INT);
      assertThat(api.nvrtcVersion(ma, mi)).isZero();
      v = ma.get(JAVA_INT, 0) + "." + mi.get(JAVA_INT, 0);
    }
    return new CudaRuntime(null, api, null, "not loaded", 0, "no device (NVRTC only)", major, minor, 0, 0, v);
  }

  @Test
  void kernelSources_compileThroughNvrtc_toCubinForSm80AndSm90() {
    for (int[] cc : new int[][] {{8, 0}, {9, 0}}) {
      CudaRuntime rt = nvrtcOnly(cc[0], cc[1]);
      NvrtcCompiler c = new NvrtcCompiler(rt);
      for (String src : List.of("loudness.cu", "melspec.cu", "separation.cu")) {
        byte[] cubin = c.compile(src, KernelCache.source(src), NvrtcCompiler.options(rt));
        assertThat(cubin.length).as(src + " for " + rt.arch()).isGreaterThan(1000);
        assertThat(new String(cubin, 1, 3, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("ELF");
      }
      System.out.println("NVRTC " + rt.nvrtcVersion() + " compiled the three kernel sources for " + rt.arch());
    }
  }

  @Test
  void kernelSources_ptx_exportsEveryKernelByItsCName() {
    CudaRuntime rt = nvrtcOnly(9, 0);
    NvrtcCompiler c = new NvrtcCompiler(rt);
    String loud = c.ptx("loudness.cu", KernelCache.source("loudness.cu"), NvrtcCompiler.options(rt));
    for (String k : List.of("loudness_chunks", "loudness_gating", "loudness_maxima")) assertThat(loud).contains(".entry " + k + "(");
    String mel = c.ptx("melspec.cu", KernelCache.source("melspec.cu"), NvrtcCompiler.options(rt));
    for (String k : List.of("mel_frames", "mel_bands", "mel_clip_max", "mel_top_db", "mfcc_dct")) assertThat(mel).contains(".entry " + k + "(");
    String sep = c.ptx("separation.cu", KernelCache.source("separation.cu"), NvrtcCompiler.options(rt));
    for (String k : List.of("median_rows32", "median_cols64", "median_rows_any", "gemm_tiled", "repet_select_median", "hpss_overlap_add")) {
      assertThat(sep).contains(".entry " + k + "(");
    }
  }

  @Test
  void compile_brokenSource_namesTheCallAndCarriesTheLog() {
    CudaRuntime rt = nvrtcOnly(9, 0);
    assertThatThrownBy(() -> new NvrtcCompiler(rt).compile("broken.cu", "extern \"C\" __global__ void k() { undefined_thing(); }",
        NvrtcCompiler.options(rt))).isInstanceOf(CudaException.class)
        .hasMessageContaining("nvrtcCompileProgram(broken.cu) failed: NVRTC_ERROR_COMPILATION").hasMessageContaining("undefined_thing");
  }

  @Test
  void kernelCache_withNvrtc_compilesOnceThenHits(@org.junit.jupiter.api.io.TempDir Path dir) {
    CudaRuntime rt = nvrtcOnly(9, 0);
    KernelCache.clearMemory();
    KernelCache cache = new KernelCache(dir, new NvrtcCompiler(rt));
    byte[] a = cache.image("loudness.cu", KernelCache.source("loudness.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
    KernelCache.clearMemory();
    byte[] b = new KernelCache(dir, (n, s, o) -> {
      throw new AssertionError("should come from disk");
    }).image("loudness.cu", KernelCache.source("loudness.cu"), KernelCache.Target.of(rt), NvrtcCompiler.options(rt));
    assertThat(b).isEqualTo(a);
    assertThat(cache.compiles()).isEqualTo(1);
  }

  @Test
  void cufft_bindsEverySymbol_andReportsItsVersion() {
    Optional<Path> p = lib(Lib.CUFFT);
    assumeTrue(p.isPresent(), "libcufft not found (install the CUDA toolkit, or set THEMACHINE_CUDA_LIBS / -Dthemachine.cuda.lib.cufft)");
    CufftApi api = new CufftApi(SymbolLookup.libraryLookup(p.get(), Arena.global()));
    try (Arena a = Arena.ofConfined()) {
      MemorySegment v = a.allocate(JAVA_INT);
      assertThat(api.cufftGetVersion(v)).isZero();
      assertThat(v.get(JAVA_INT, 0)).isGreaterThan(10000);
      System.out.println("cuFFT version " + v.get(JAVA_INT, 0));
    }
    assertThat(CufftApi.resultName(0)).isEqualTo("CUFFT_SUCCESS");
  }
}
