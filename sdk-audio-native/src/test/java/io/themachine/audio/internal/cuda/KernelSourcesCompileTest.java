package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kernel source compiles: {@code nvcc --ptx -arch=sm_90} (syntax, types, the NVRTC-safe
 * subset: no includes) in the default suite, so a broken kernel fails in CI without a GPU. The
 * sources go through the class path and a temporary file; the PTX must define each
 * {@code extern "C"} entry point by its plain name (what {@code cuModuleGetFunction} looks up).
 * nvcc is found from {@code -Dthemachine.test.nvcc}, {@code $CUDA_HOME/bin}, {@code /usr/local/cuda/bin}
 * or the PATH; without it the test is skipped with that reason.
 */
class KernelSourcesCompileTest {
  @TempDir Path dir;

  static Optional<Path> nvcc() {
    List<Path> c = new ArrayList<>();
    String prop = System.getProperty("themachine.test.nvcc");
    if (prop != null) c.add(Path.of(prop));
    String home = System.getenv("CUDA_HOME");
    if (home != null) c.add(Path.of(home, "bin", "nvcc"));
    c.add(Path.of("/usr/local/cuda/bin/nvcc"));
    String path = System.getenv("PATH");
    if (path != null) for (String d : path.split(":")) if (!d.isBlank()) c.add(Path.of(d, "nvcc"));
    return c.stream().filter(Files::isExecutable).findFirst();
  }

  @ParameterizedTest
  @ValueSource(strings = {"loudness.cu", "melspec.cu", "separation.cu"})
  void kernelSource_compilesToPtx_andExportsItsKernels(String name) throws Exception {
    Optional<Path> nvcc = nvcc();
    assumeTrue(nvcc.isPresent(), "nvcc not found (set -Dthemachine.test.nvcc=/path/to/nvcc or CUDA_HOME): kernel sources not compiled");
    String src;
    try (InputStream in = CudaLoudness.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      src = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(src).as("NVRTC has no standard headers").doesNotContain("#include");
    Path cu = Files.writeString(dir.resolve(name), src);
    Path ptx = dir.resolve(name + ".ptx");
    Process p = new ProcessBuilder(nvcc.get().toString(), "--ptx", "-arch=sm_90", "-std=c++17", "-o", ptx.toString(), cu.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).as("nvcc warnings").doesNotContainIgnoringCase("warning");
    String text = Files.readString(ptx);
    List<String> kernels = switch (name) {
      case "loudness.cu" -> List.of("loudness_chunks", "loudness_gating", "loudness_maxima");
      case "melspec.cu" -> List.of("mel_frames", "mel_bands", "mel_clip_max", "mel_top_db", "mfcc_dct");
      default -> List.of("median_rows32", "median_rows64", "median_rows_any", "median_cols32", "median_cols64", "median_cols_any",
          "soft_mask", "ratio_masks", "stereo_similarity", "gemm_tiled", "nmf_mul_update", "nmf_kl_ratio", "nmf_kl_update_rows",
          "nmf_kl_update_cols", "sum_lines", "column_inv_norms", "transpose_tiled", "repet_select_median", "hpss_frames",
          "hpss_magnitude", "hpss_apply", "hpss_overlap_add", "hpss_residual");
    };
    for (String k : kernels) assertThat(text).as(k).contains(".entry " + k + "(");
  }
}
