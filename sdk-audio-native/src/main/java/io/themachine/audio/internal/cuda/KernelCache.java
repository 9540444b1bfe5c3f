package io.themachine.audio.internal.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled kernels, cached in memory (per JVM) and on disk under a folder the caller gives (the
 * library's {@code cache/cuda/}), keyed by the SHA-256 of the source, the device name, the compute
 * capability, the driver and NVRTC versions and the compile options: a new driver, a different GPU
 * or an edited kernel each miss. Disk writes go to a temporary file moved into place, so a crash
 * never leaves half an image under the final name; an unreadable cache entry is recompiled.
 */
public final class KernelCache {
  /** What the image is compiled for. */
  public record Target(String deviceName, int ccMajor, int ccMinor, int driverVersion, String nvrtcVersion) {
    public static Target of(CudaRuntime rt) {
      return new Target(rt.deviceName(), rt.ccMajor(), rt.ccMinor(), rt.driverVersion(), rt.nvrtcVersion());
    }
  }

  /** Turns source into a loadable image (CUBIN or PTX). */
  @FunctionalInterface
  public interface Compiler {
    byte[] compile(String programName, String source, List<String> options);
  }

  private static final Map<String, byte[]> MEMORY = new ConcurrentHashMap<>();

  private final Path dir;
  private final Compiler compiler;
  private int compiles;

  /** {@code dir} may be null: memory only. */
  public KernelCache(Path dir, Compiler compiler) {
    this.dir = dir;
    this.compiler = compiler;
  }

  /** The cache key: hex SHA-256 over source, device, capability, driver, NVRTC version and options. */
  public static String key(String source, Target t, List<String> options) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      update(md, source);
      update(md, t.deviceName());
      update(md, "sm_" + t.ccMajor() + t.ccMinor());
      update(md, Integer.toString(t.driverVersion()));
      update(md, t.nvrtcVersion());
      for (String o : options) update(md, o);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  // Length-prefixed, so ("ab","c") and ("a","bc") differ.
  private static void update(MessageDigest md, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    md.update((byte) (b.length >>> 24));
    md.update((byte) (b.length >>> 16));
    md.update((byte) (b.length >>> 8));
    md.update((byte) b.length);
    md.update(b);
  }

  /** The image for {@code source} on {@code target}: from memory, else disk, else compiled (and stored). */
  public byte[] image(String programName, String source, Target target, List<String> options) {
    String k = key(source, target, options);
    byte[] img = MEMORY.get(k);
    if (img != null) return img;
    synchronized (this) {
      img = MEMORY.get(k);
      if (img != null) return img;
      img = readDisk(k);
      if (img == null) {
        img = compiler.compile(programName, source, options);
        compiles++;
        writeDisk(k, img);
      }
      MEMORY.put(k, img);
      return img;
    }
  }

  /** How many times this cache ran the compiler (tests). */
  synchronized int compiles() {
    return compiles;
  }

  /** Drops the in-memory entries (tests). */
  static void clearMemory() {
    MEMORY.clear();
  }

  Path file(String key) {
    return dir == null ? null : dir.resolve(key + ".bin");
  }

  private byte[] readDisk(String k) {
    Path f = file(k);
    if (f == null || !Files.isRegularFile(f)) return null;
    try {
      byte[] b = Files.readAllBytes(f);
      return b.length == 0 ? null : b;
    } catch (IOException e) {
      return null; // recompile
    }
  }

  private void writeDisk(String k, byte[] img) {
    Path f = file(k);
    if (f == null) return;
    try {
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, k, ".tmp");
      try {
        Files.write(tmp, img);
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      // A read-only cache folder costs a compile per JVM, not a failure.
    }
  }

  /** A kernel source from this package's resources, e.g. {@code loudness.cu}. */
  public static String source(String resource) {
    try (InputStream in = KernelCache.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("kernel source missing from the jar: " + resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("kernel source unreadable: " + resource, e);
    }
  }
}
