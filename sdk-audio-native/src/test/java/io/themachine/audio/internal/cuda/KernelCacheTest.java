package io.themachine.audio.internal.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.audio.internal.cuda.KernelCache.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cache keys, the memory and disk tiers, and recovery from a bad entry; a fake compiler stands in for NVRTC. */
class KernelCacheTest {
  @TempDir Path dir;

  static final Target H100 = new Target("NVIDIA H100 80GB HBM3", 9, 0, 12080, "12.8");
  static final List<String> OPTS = List.of("--gpu-architecture=sm_90", "--std=c++17");
  final AtomicInteger compiled = new AtomicInteger();
  final KernelCache.Compiler fake = (name, src, opts) -> {
    compiled.incrementAndGet();
    return ("IMAGE:" + name + ":" + src.hashCode()).getBytes(StandardCharsets.UTF_8);
  };

  @AfterEach
  void clear() {
    KernelCache.clearMemory();
  }

  @Test
  void key_isSha256Hex_andStable() {
    String k = KernelCache.key("src", H100, OPTS);
    assertThat(k).hasSize(64).matches("[0-9a-f]{64}").isEqualTo(KernelCache.key("src", H100, OPTS));
  }

  @Test
  void key_changesWithSourceDeviceCapabilityDriverNvrtcAndOptions() {
    String k = KernelCache.key("src", H100, OPTS);
    assertThat(KernelCache.key("src ", H100, OPTS)).isNotEqualTo(k);
    assertThat(KernelCache.key("src", new Target("NVIDIA H200", 9, 0, 12080, "12.8"), OPTS)).isNotEqualTo(k);
    assertThat(KernelCache.key("src", new Target(H100.deviceName(), 8, 9, 12080, "12.8"), OPTS)).isNotEqualTo(k);
    assertThat(KernelCache.key("src", new Target(H100.deviceName(), 9, 0, 13000, "12.8"), OPTS)).isNotEqualTo(k);
    assertThat(KernelCache.key("src", new Target(H100.deviceName(), 9, 0, 12080, "13.0"), OPTS)).isNotEqualTo(k);
    assertThat(KernelCache.key("src", H100, List.of("--gpu-architecture=sm_90"))).isNotEqualTo(k);
  }

  @Test
  void key_fieldBoundaries_doNotAlias() {
    // ("ab", "c") must not hash like ("a", "bc").
    assertThat(KernelCache.key("ab", new Target("c", 9, 0, 1, "1"), OPTS))
        .isNotEqualTo(KernelCache.key("a", new Target("bc", 9, 0, 1, "1"), OPTS));
  }

  @Test
  void image_secondCall_comesFromMemory() {
    var cache = new KernelCache(null, fake);
    byte[] a = cache.image("k.cu", "source one", H100, OPTS);
    byte[] b = cache.image("k.cu", "source one", H100, OPTS);
    assertThat(b).isSameAs(a);
    assertThat(compiled).hasValue(1);
  }

  @Test
  void image_newJvm_readsFromDisk_withoutCompiling() throws Exception {
    byte[] first = new KernelCache(dir, fake).image("k.cu", "source two", H100, OPTS);
    KernelCache.clearMemory(); // as in a new JVM
    byte[] again = new KernelCache(dir, fake).image("k.cu", "source two", H100, OPTS);
    assertThat(again).isEqualTo(first);
    assertThat(compiled).hasValue(1);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList())
          .containsExactly(KernelCache.key("source two", H100, OPTS) + ".bin");
    }
  }

  @Test
  void image_emptyDiskEntry_isRecompiledAndRewritten() throws Exception {
    var cache = new KernelCache(dir, fake);
    Path f = cache.file(KernelCache.key("source three", H100, OPTS));
    Files.createDirectories(dir);
    Files.write(f, new byte[0]);
    byte[] img = cache.image("k.cu", "source three", H100, OPTS);
    assertThat(compiled).hasValue(1);
    assertThat(Files.readAllBytes(f)).isEqualTo(img);
  }

  @Test
  void image_otherDevice_missesAndCompilesAgain() {
    var cache = new KernelCache(dir, fake);
    cache.image("k.cu", "source four", H100, OPTS);
    cache.image("k.cu", "source four", new Target("NVIDIA A100-SXM4-80GB", 8, 0, 12080, "12.8"), OPTS);
    assertThat(compiled).hasValue(2);
  }

  @Test
  void source_readsKernelResources() {
    assertThat(KernelCache.source("loudness.cu")).contains("loudness_chunks");
    assertThat(KernelCache.source("melspec.cu")).contains("mel_bands");
  }
}
