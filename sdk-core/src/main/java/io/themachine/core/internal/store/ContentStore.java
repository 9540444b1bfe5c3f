package io.themachine.core.internal.store;

import io.themachine.spi.ArtifactId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The content-addressed store: {@code store/sha256/<2 hex>/<64 hex>.<ext>}. Every file is written
 * to {@code store/tmp}, hashed while written, fsynced and then linked into place, so a killed
 * process never leaves a half artifact under a content name. File names are content hashes only:
 * no original name ever reaches the store.
 */
public final class ContentStore {
  private static final Pattern EXTENSION = Pattern.compile("[a-z0-9]{1,8}");
  private static final Pattern STORED = Pattern.compile("sha256/[0-9a-f]{2}/([0-9a-f]{64})\\.([a-z0-9]{1,8})");

  private final Path root;
  private final Path tmp;
  private volatile StoreIo io = StoreIo.FILES;

  /** What a put did. {@code created} is false when the bytes were already stored. */
  public record Put(ArtifactId id, String relativePath, long size, boolean created) {}

  public ContentStore(Path root) throws IOException {
    this(root, true);
  }

  private ContentStore(Path root, boolean create) throws IOException {
    this.root = root;
    this.tmp = root.resolve("tmp");
    if (create) {
      Files.createDirectories(tmp);
      Files.createDirectories(root.resolve("sha256"));
    }
  }

  /** A store on a read-only file system: nothing is created. */
  public static ContentStore readOnly(Path root) throws IOException {
    return new ContentStore(root, false);
  }

  /** Replaces the file opener (tests use {@link StoreIo#fullAfter}). */
  public void io(StoreIo io) {
    this.io = io;
  }

  /** The file opener in use. */
  public StoreIo io() {
    return io;
  }

  /** A safe storage extension: lower-case alphanumerics, else {@code bin}. */
  public static String extension(String candidate) {
    if (candidate == null) return "bin";
    String e = candidate.toLowerCase(java.util.Locale.ROOT);
    if (e.startsWith(".")) e = e.substring(1);
    return EXTENSION.matcher(e).matches() ? e : "bin";
  }

  public static String relativePath(ArtifactId id, String extension) {
    String hex = id.hex();
    return "sha256/" + hex.substring(0, 2) + "/" + hex + "." + extension(extension);
  }

  public Path resolve(String relativePath) {
    Path p = root.resolve(relativePath).normalize();
    if (!p.startsWith(root)) throw new IllegalArgumentException("path escapes the store");
    return p;
  }

  /** A fresh temporary file name in the store's own folder (same file system, so renames are atomic). */
  public Path newTemp() {
    return tmp.resolve(UUID.randomUUID() + ".part");
  }

  /** Copies {@code in} into the store, hashing on the way. */
  public Put put(InputStream in, String extension) throws IOException {
    Path temp = newTemp();
    try {
      HashingCopy.Result r;
      try (OutputStream out = io.create(temp)) {
        r = HashingCopy.copy(in, out);
      }
      return publish(temp, r, extension);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Moves a finished temporary file (from {@link #newTemp()} or written by an extension) into the store. */
  public Put adopt(Path temp, String extension) throws IOException {
    try {
      HashingCopy.Result r;
      try (InputStream in = Files.newInputStream(temp)) {
        r = HashingCopy.copy(in, null);
      }
      return publish(temp, r, extension);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Copies a file into a store temp through the store's I/O (so a full disk shows here), then adopts it. */
  public Put copyIn(Path source, String extension) throws IOException {
    try (InputStream in = Files.newInputStream(source)) {
      return put(in, extension);
    }
  }

  private Put publish(Path temp, HashingCopy.Result r, String extension) throws IOException {
    AtomicWrite.fsync(temp);
    String rel = relativePath(r.id(), extension);
    Path target = resolve(rel);
    Files.createDirectories(target.getParent());
    boolean created = AtomicWrite.publishIfAbsent(temp, target);
    return new Put(r.id(), rel, r.size(), created);
  }

  /** Re-hashes a stored file. */
  public HashingCopy.Result hash(String relativePath) throws IOException {
    try (InputStream in = Files.newInputStream(resolve(relativePath))) {
      return HashingCopy.copy(in, null);
    }
  }

  public boolean exists(String relativePath) {
    return Files.isRegularFile(resolve(relativePath));
  }

  public void delete(String relativePath) throws IOException {
    Files.deleteIfExists(resolve(relativePath));
  }

  /** Every stored file, as relative paths; anything that is not a content file is listed by {@link #strays()}. */
  public List<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(root.resolve("sha256"))) return out;
    try (Stream<Path> s = Files.walk(root.resolve("sha256"))) {
      s.filter(Files::isRegularFile).forEach(p -> {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (STORED.matcher(rel).matches()) out.add(rel);
      });
    }
    return out;
  }

  /** Files under {@code sha256/} whose names are not content names (never written by the store). */
  public List<String> strays() throws IOException {
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root.resolve("sha256"))) {
      s.filter(Files::isRegularFile).forEach(p -> {
        String rel = root.relativize(p).toString().replace('\\', '/');
        if (!STORED.matcher(rel).matches()) out.add(rel);
      });
    }
    return out;
  }

  /** The id a stored relative path claims. */
  public static ArtifactId idOf(String relativePath) {
    var m = STORED.matcher(relativePath);
    if (!m.matches()) throw new IllegalArgumentException("not a store path");
    return ArtifactId.of("sha256:" + m.group(1));
  }

  /** Removes temporaries a killed writer left behind. Call only while holding the writer lock. */
  public int sweepTemp() throws IOException {
    int n = 0;
    if (!Files.isDirectory(tmp)) return 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp)) {
      for (Path p : ds) {
        if (Files.isDirectory(p)) deleteTree(p);
        else Files.deleteIfExists(p);
        n++;
      }
    }
    return n;
  }

  /** Temporaries present now (left by a killed writer when no writer runs). */
  public int countTemp() throws IOException {
    if (!Files.isDirectory(tmp)) return 0;
    try (Stream<Path> s = Files.list(tmp)) {
      return (int) s.count();
    }
  }

  public Path tmpDir() {
    return tmp;
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }
}
