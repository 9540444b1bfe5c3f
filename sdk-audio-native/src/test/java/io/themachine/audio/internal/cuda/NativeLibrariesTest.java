package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.internal.cuda.ffm.NativeLibraries;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Environment;
import io.themachine.audio.internal.cuda.ffm.NativeLibraries.Lib;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The search order for libcuda, NVRTC and cuFFT, on a fake file tree (nothing is loaded). */
class NativeLibrariesTest {
  @TempDir Path root;

  private Path touch(String rel) throws IOException {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    return Files.write(p, new byte[] {0x7f, 'E', 'L', 'F'});
  }

  private Environment env(Map<String, String> props, Map<String, String> env) {
    return new Environment(props, env, root);
  }

  @Test
  void locate_nothingInstalled_isEmpty() {
    for (Lib lib : Lib.values()) assertThat(NativeLibraries.locate(lib, env(Map.of(), Map.of()))).as(lib.name()).isEmpty();
  }

  @Test
  void locate_toolkit_prefersNewestVersionedFolder() throws IOException {
    touch("usr/local/cuda-12.4/lib64/libnvrtc.so.12");
    Path newest = touch("usr/local/cuda-12.10/targets/x86_64-linux/lib/libnvrtc.so.12");
    assertThat(NativeLibraries.locate(Lib.NVRTC, env(Map.of(), Map.of()))).contains(newest);
  }

  @Test
  void locate_cudaSymlink_beatsVersionedFolders() throws IOException {
    Path link = touch("usr/local/cuda/lib64/libcufft.so.11");
    touch("usr/local/cuda-12.9/lib64/libcufft.so.11");
    assertThat(NativeLibraries.locate(Lib.CUFFT, env(Map.of(), Map.of()))).contains(link);
  }

  @Test
  void locate_pipWheel_inVirtualEnv() throws IOException {
    Path p = touch("venv/lib/python3.12/site-packages/nvidia/cuda_nvrtc/lib/libnvrtc.so.12");
    Path f = touch("venv/lib/python3.12/site-packages/nvidia/cufft/lib/libcufft.so.11");
    var e = env(Map.of(), Map.of("VIRTUAL_ENV", root.resolve("venv").toString()));
    assertThat(NativeLibraries.locate(Lib.NVRTC, e)).contains(p);
    assertThat(NativeLibraries.locate(Lib.CUFFT, e)).contains(f);
  }

  @Test
  void locate_cuda13Wheel_sharedLibFolder() throws IOException {
    Path p = touch("usr/local/lib/python3.11/dist-packages/nvidia/cu13/lib/libnvrtc.so.13");
    assertThat(NativeLibraries.locate(Lib.NVRTC, env(Map.of(), Map.of()))).contains(p);
  }

  @Test
  void locate_ldLibraryPath_beatsToolkit() throws IOException {
    touch("usr/local/cuda/lib64/libnvrtc.so.12");
    Path mine = touch("opt/mine/libnvrtc.so.12");
    var e = env(Map.of(), Map.of("LD_LIBRARY_PATH", root.resolve("opt/mine").toString()));
    assertThat(NativeLibraries.locate(Lib.NVRTC, e)).contains(mine);
  }

  @Test
  void locate_envList_filesAndFolders_comeFirst() throws IOException {
    touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
    Path listed = touch("drivers/libcuda.so.1");
    Path folder = touch("tk/libcufft.so.11");
    var e = env(Map.of(), Map.of("THEMACHINE_CUDA_LIBS", listed + ":" + folder.getParent()));
    assertThat(NativeLibraries.locate(Lib.CUDA, e)).contains(listed);
    assertThat(NativeLibraries.locate(Lib.CUFFT, e)).contains(folder);
  }

  @Test
  void locate_systemDriver_found() throws IOException {
    Path d = touch("usr/lib/x86_64-linux-gnu/libcuda.so.1");
    assertThat(NativeLibraries.locate(Lib.CUDA, env(Map.of(), Map.of()))).contains(d);
  }

  @Test
  void candidates_propertyOverride_isTheOnlyCandidate() throws IOException {
    touch("usr/local/cuda/lib64/libnvrtc.so.12");
    var e = env(Map.of("themachine.cuda.lib.nvrtc", "/nowhere/libnvrtc.so.12"), Map.of());
    assertThat(NativeLibraries.candidates(Lib.NVRTC, e)).containsExactly(Path.of("/nowhere/libnvrtc.so.12"));
    assertThat(NativeLibraries.locate(Lib.NVRTC, e)).isEmpty(); // no silent second choice
  }

  @Test
  void candidates_driver_neverSearchesToolkitStubs() {
    // The toolkit's lib64/stubs/libcuda.so is a link-time stub that fails at cuInit.
    assertThat(NativeLibraries.candidates(Lib.CUDA, env(Map.of(), Map.of())))
        .noneMatch(p -> p.toString().contains("cuda/lib64") || p.toString().contains("stubs"));
  }
}
