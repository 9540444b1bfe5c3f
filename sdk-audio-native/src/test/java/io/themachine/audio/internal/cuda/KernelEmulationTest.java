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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernels' own sources run on the CPU. The loudness kernel's own source ({@code loudness.cu}, unchanged) runs on the CPU under a small
 * CUDA emulation ({@code emu/cuda_emu.h}: one thread per CUDA thread, a barrier per warp for
 * {@code __syncwarp} and the shuffles) and is compared with a serial double-precision reference in
 * {@code emu/loudness_emu_main.cpp}: sub-block energies within 1e-12 relative at up to 48 kHz and
 * (fs/48k)^2 times that above (a 96 kHz track is in the batch), true and sample peak exactly,
 * non-finite counts, for 1, 3 and 8 sub-blocks per chunk. This executes the warp-staged loads, the
 * chunk and sub-block bookkeeping and the true-peak tail without a GPU. The log-mel kernels
 * ({@code melspec.cu}) run the same way with an exact DFT in place of cuFFT, over three clips (one
 * shorter than n_fft) in passes that do not divide the batch, with constant and reflect padding,
 * then top_db and the MFCC DCT, against a direct reference: within C's tolerances (1e-3 dB and
 * 1e-3 MFCC). Negative controls were run by hand: a staging row mix-up, a dropped true-peak tail,
 * a pass offset dropped in {@code mel_bands} and an off-by-one reflection all fail. Needs g++ with C++20
 * ({@code -Dthemachine.test.cxx=...} or g++ on the PATH); skips with the reason otherwise.
 */
class KernelEmulationTest {
  @TempDir Path dir;

  static Optional<Path> cxx() {
    List<Path> c = new ArrayList<>();
    String prop = System.getProperty("themachine.test.cxx");
    if (prop != null) c.add(Path.of(prop));
    String path = System.getenv("PATH");
    if (path != null) for (String d : path.split(":")) if (!d.isBlank()) c.add(Path.of(d, "g++"));
    return c.stream().filter(Files::isExecutable).findFirst();
  }

  private void copy(String resource, String name) throws Exception {
    try (InputStream in = KernelEmulationTest.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.write(dir.resolve(name), in.readAllBytes());
    }
  }

  private static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private Path cxxOrSkip() {
    Optional<Path> cxx = cxx();
    if (cxx.isEmpty()) System.out.println("emulation test skipped: g++ not found");
    assumeTrue(cxx.isPresent(), "g++ not found (set -Dthemachine.test.cxx): the kernel is not emulated");
    return cxx.get();
  }

  @Test
  void melKernels_emulatedOnCpu_matchReference() throws Exception {
    Path cxx = cxxOrSkip();
    copy("melspec.cu", "melspec.cu");
    copy("emu/cuda_emu.h", "cuda_emu.h");
    copy("emu/melspec_emu_main.cpp", "main.cpp");
    Path exe = dir.resolve("memu");
    run(List.of(cxx.toString(), "-std=c++20", "-O2", "-pthread", "-Wno-unknown-pragmas", "-o", exe.toString(),
        dir.resolve("main.cpp").toString()));
    Pattern p = Pattern.compile("max_db_diff=(\\S+) max_mfcc_diff=(\\S+) frames=(\\d+)");
    for (String reflect : List.of("0", "1")) {
      String out = run(List.of(exe.toString(), reflect));
      Matcher m = p.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("dB, reflect=%s", reflect).isLessThan(1e-3);
      assertThat(Double.parseDouble(m.group(2))).as("MFCC, reflect=%s", reflect).isLessThan(1e-3);
      assertThat(Integer.parseInt(m.group(3))).isGreaterThan(200);
      System.out.println("emulated mel kernels, reflect=" + reflect + ": " + out.trim());
    }
  }

  @Test
  void loudnessKernel_emulatedOnCpu_matchesSerialReference() throws Exception {
    Path cxx = cxxOrSkip();
    copy("loudness.cu", "loudness.cu");
    copy("emu/cuda_emu.h", "cuda_emu.h");
    copy("emu/loudness_emu_main.cpp", "main.cpp");
    Path exe = dir.resolve("emu");
    run(List.of(cxx.toString(), "-std=c++20", "-O2", "-pthread", "-Wno-unknown-pragmas", "-o", exe.toString(),
        dir.resolve("main.cpp").toString()));
    Pattern p = Pattern.compile("max_rel_energy=(\\S+) max_tp_diff=(\\S+) max_sp_diff=(\\S+) bad_ok=(\\d)");
    for (String subs : List.of("1", "3", "8")) {
      String out = run(List.of(exe.toString(), subs));
      Matcher m = p.matcher(out);
      assertThat(m.find()).as(out).isTrue();
      assertThat(Double.parseDouble(m.group(1))).as("energies, %s sub-blocks per chunk: %s", subs, out).isLessThan(4e-12);
      assertThat(Double.parseDouble(m.group(2))).as("true peak").isEqualTo(0.0);
      assertThat(Double.parseDouble(m.group(3))).as("sample peak").isEqualTo(0.0);
      assertThat(m.group(4)).as("non-finite counts").isEqualTo("1");
      System.out.println("emulated loudness_chunks, " + subs + " sub-blocks per chunk: " + out.trim());
    }
  }
}
