package io.themachine.audio.internal.cuda.ffm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the CUDA libraries are looked for at run time, in order:
 * <ol>
 *   <li>an override: {@code -Dthemachine.cuda.lib.<name>=/path/lib.so} (name {@code cuda},
 *       {@code nvrtc} or {@code cufft}), or the environment variable {@code THEMACHINE_CUDA_LIBS}
 *       (a {@code :}-separated list of files or folders);
 *   <li>the folders of {@code LD_LIBRARY_PATH};
 *   <li>the CUDA toolkit: {@code $CUDA_HOME}, {@code $CUDA_PATH}, {@code /usr/local/cuda*}, each
 *       with {@code lib64} and {@code targets/x86_64-linux/lib};
 *   <li>what a PyTorch/CUDA pip install ships: {@code site-packages/nvidia/<part>/lib} under the
 *       Python prefixes given by {@code $VIRTUAL_ENV}, {@code $CONDA_PREFIX}, {@code ~/.local} and
 *       {@code /usr/local}, {@code /usr} ({@code lib/python3.*}); CUDA 13 wheels put all parts in
 *       {@code nvidia/cu13/lib};
 *   <li>the system folders ({@code /usr/lib/x86_64-linux-gnu}, {@code /usr/lib64}, WSL's
 *       {@code /usr/lib/wsl/lib}); for the driver, last, the bare soname through the dynamic loader.
 * </ol>
 * Pure path arithmetic: nothing is loaded here, so it is unit-testable with a fake file tree.
 */
public final class NativeLibraries {
  private NativeLibraries() {}

  /** The three libraries and the file names each may have (newest first; unversioned last). */
  public enum Lib {
    CUDA("cuda", "libcuda.so.1", "libcuda.so"),
    NVRTC("nvrtc", "libnvrtc.so.13", "libnvrtc.so.12", "libnvrtc.so.11.2", "libnvrtc.so"),
    CUFFT("cufft", "libcufft.so.12", "libcufft.so.11", "libcufft.so.10", "libcufft.so");

    final String key;
    final List<String> fileNames;

    Lib(String key, String... fileNames) {
      this.key = key;
      this.fileNames = List.of(fileNames);
    }

    /** The short name used in {@code -Dthemachine.cuda.lib.<key>}. */
    public String key() {
      return key;
    }

    public List<String> fileNames() {
      return fileNames;
    }

    /** The {@code site-packages/nvidia/<part>} folder a pip wheel puts this library in. */
    String pipPart() {
      return switch (this) {
        case CUDA -> "";
        case NVRTC -> "cuda_nvrtc";
        case CUFFT -> "cufft";
      };
    }
  }

  /** The environment that decides the search: properties, variables and the file system root. */
  public record Environment(Map<String, String> properties, Map<String, String> env, Path root) {
    public static Environment current() {
      Map<String, String> props = new java.util.HashMap<>();
      for (String n : System.getProperties().stringPropertyNames()) {
        if (n.startsWith("themachine.cuda") || n.equals("user.home")) props.put(n, System.getProperty(n));
      }
      return new Environment(props, System.getenv(), Path.of("/"));
    }

    Path path(String absolute) {
      return root.resolve(absolute.startsWith("/") ? absolute.substring(1) : absolute);
    }
  }

  /**
   * The first existing candidate file for {@code lib}, or empty. For {@link Lib#CUDA} an empty
   * answer still lets the caller try the bare soname through the dynamic loader.
   */
  public static Optional<Path> locate(Lib lib, Environment e) {
    for (Path p : candidates(lib, e)) {
      if (Files.isRegularFile(p)) return Optional.of(p);
    }
    return Optional.empty();
  }

  /** Every candidate file, in search order (existing or not). */
  public static List<Path> candidates(Lib lib, Environment e) {
    Set<Path> out = new LinkedHashSet<>();
    String override = e.properties().get("themachine.cuda.lib." + lib.key);
    if (override != null && !override.isBlank()) {
      out.add(Path.of(override.trim()));
      return new ArrayList<>(out); // an explicit file is the only answer: no silent second choice
    }
    List<Path> dirs = new ArrayList<>();
    String listed = e.env().get("THEMACHINE_CUDA_LIBS");
    if (listed != null) {
      for (String s : listed.split(":")) {
        if (s.isBlank()) continue;
        Path p = Path.of(s.trim());
        if (lib.fileNames.stream().anyMatch(f -> p.getFileName() != null && p.getFileName().toString().equals(f))) {
          out.add(p);
        } else {
          dirs.add(p);
        }
      }
    }
    String ld = e.env().get("LD_LIBRARY_PATH");
    if (ld != null) for (String s : ld.split(":")) if (!s.isBlank()) dirs.add(Path.of(s.trim()));
    if (lib != Lib.CUDA) {
      for (String var : List.of("CUDA_HOME", "CUDA_PATH")) {
        String h = e.env().get(var);
        if (h != null && !h.isBlank()) toolkitDirs(Path.of(h.trim()), dirs);
      }
      toolkitDirs(e.path("/usr/local/cuda"), dirs);
      for (Path d : sortedChildren(e.path("/usr/local"), "cuda-")) toolkitDirs(d, dirs);
      for (Path sp : sitePackages(e)) {
        dirs.add(sp.resolve("nvidia").resolve(lib.pipPart()).resolve("lib"));
        dirs.add(sp.resolve("nvidia").resolve("cu13").resolve("lib"));
        dirs.add(sp.resolve("nvidia").resolve("cu12").resolve("lib"));
      }
    }
    for (String s : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/lib/wsl/lib")) dirs.add(e.path(s));
    for (Path d : dirs) for (String f : lib.fileNames) out.add(d.resolve(f));
    return new ArrayList<>(out);
  }

  private static void toolkitDirs(Path home, List<Path> dirs) {
    dirs.add(home.resolve("lib64"));
    dirs.add(home.resolve("targets").resolve("x86_64-linux").resolve("lib"));
  }

  /** {@code <prefix>/lib/python3.*}/site-packages and dist-packages for the usual prefixes. */
  static List<Path> sitePackages(Environment e) {
    List<Path> prefixes = new ArrayList<>();
    for (String var : List.of("VIRTUAL_ENV", "CONDA_PREFIX")) {
      String v = e.env().get(var);
      if (v != null && !v.isBlank()) prefixes.add(Path.of(v.trim()));
    }
    String home = e.properties().getOrDefault("user.home", e.env().get("HOME"));
    if (home != null && !home.isBlank()) prefixes.add(Path.of(home).resolve(".local"));
    prefixes.add(e.path("/usr/local"));
    prefixes.add(e.path("/usr"));
    prefixes.add(e.path("/opt/conda"));
    List<Path> out = new ArrayList<>();
    // Debian/Ubuntu's unversioned system folders.
    out.add(e.path("/usr/lib/python3/dist-packages"));
    out.add(e.path("/usr/local/lib/python3/dist-packages"));
    for (Path p : prefixes) {
      for (Path py : sortedChildren(p.resolve("lib"), "python3")) {
        out.add(py.resolve("site-packages"));
        out.add(py.resolve("dist-packages"));
      }
    }
    return out;
  }

  /** Children of {@code dir} whose names start with {@code prefix}, newest version first. */
  private static List<Path> sortedChildren(Path dir, String prefix) {
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith(prefix) && Files.isDirectory(p))
          .sorted(Comparator.comparing((Path p) -> versionKey(p.getFileName().toString().substring(prefix.length()))).reversed())
          .toList();
    } catch (Exception ex) {
      return List.of();
    }
  }

  // "12.4" -> "00012.00004" so that 12.10 sorts after 12.9.
  private static String versionKey(String v) {
    StringBuilder b = new StringBuilder();
    for (String part : v.split("[^0-9]+")) {
      if (part.isEmpty()) continue;
      b.append(String.format(Locale.ROOT, "%05d.", Math.min(99999, Long.parseLong(part.length() > 5 ? part.substring(0, 5) : part))));
    }
    return b.toString();
  }
}
