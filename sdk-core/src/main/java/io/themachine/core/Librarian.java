package io.themachine.core;

import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.artifact.Artifact;
import io.themachine.core.artifact.Lineage;
import io.themachine.core.artifact.Recording;
import io.themachine.core.internal.exec.ExtensionCatalog;
import io.themachine.core.internal.exec.Ingester;
import io.themachine.core.internal.exec.Json;
import io.themachine.core.internal.exec.LibraryContext;
import io.themachine.core.internal.exec.LibraryFolder;
import io.themachine.core.internal.exec.ManifestWriter;
import io.themachine.core.internal.exec.MediaServices;
import io.themachine.core.internal.exec.PipelineRunner;
import io.themachine.core.internal.exec.Verifier;
import io.themachine.core.internal.exec.WriterLock;
import io.themachine.core.internal.privacy.LibrarySecret;
import io.themachine.core.internal.privacy.Pseudonyms;
import io.themachine.core.internal.privacy.SafeLog;
import io.themachine.core.internal.privacy.Vault;
import io.themachine.core.internal.registry.Registry;
import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.registry.SqliteRegistry;
import io.themachine.core.internal.store.AtomicWrite;
import io.themachine.core.internal.store.ContentStore;
import io.themachine.core.internal.store.StoreIo;
import io.themachine.core.job.Cancellation;
import io.themachine.core.job.IngestReport;
import io.themachine.core.job.RunListener;
import io.themachine.core.job.RunReport;
import io.themachine.core.manifest.ManifestExport;
import io.themachine.core.manifest.VerifyReport;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A library of recordings: the SDK's front door.
 *
 * <pre>{@code
 * try (var lib = Librarian.open(Path.of("library"))) {
 *   lib.ingest(Path.of("calls"));
 *   System.out.println(lib.run(Pipeline.fromYaml(Path.of("default.yaml"))).summary());
 *   lib.exportManifest();
 * }
 * }</pre>
 *
 * <p>Opening a folder that does not exist, or is empty, creates a library there. Any number of
 * readers may open one library; writes ({@code ingest}, {@code run}) take the library's writer
 * lock, so one process writes at a time and a second one waits {@link LibraryOptions#lockWait()}
 * and then fails with {@link Reason#LOCKED}. Thread-safe. Nothing it logs, prints or throws
 * contains a path, file name or tag value of an input.
 */
public final class Librarian implements AutoCloseable {
  private static final SafeLog LOG = new SafeLog("io.themachine.core.librarian", "");

  private final LibraryContext lib;
  private final boolean readOnly;
  private final WriterLock writerLock;
  private volatile boolean closed;

  private Librarian(LibraryContext lib, boolean readOnly) {
    this.lib = lib;
    this.readOnly = readOnly;
    this.writerLock = new WriterLock(lib.root().resolve(LibraryFolder.LOCK));
  }

  /** Opens the library in {@code folder}, creating it if the folder is missing or empty. */
  public static Librarian open(Path folder) {
    return open(folder, LibraryOptions.defaults());
  }

  public static Librarian open(Path folder, LibraryOptions options) {
    LibraryFolder f = LibraryFolder.openOrCreate(folder);
    Registry registry = null;
    try {
      byte[] secret = LibrarySecret.loadOrCreate(f.root().resolve(LibraryFolder.SECRETS), f.writable());
      registry = SqliteRegistry.open(f.root().resolve(LibraryFolder.REGISTRY), !f.writable());
      ContentStore store = f.writable() ? new ContentStore(f.root().resolve(LibraryFolder.STORE))
          : ContentStore.readOnly(f.root().resolve(LibraryFolder.STORE));
      ClassLoader cl = options.classLoader() != null ? options.classLoader() : Librarian.class.getClassLoader();
      ExtensionCatalog catalog = ExtensionCatalog.discover(cl, options.extensions(), options.discover());
      MediaServices media = MediaServices.discover(cl, options.discover());
      Librarian l = new Librarian(new LibraryContext(f.root(), registry, store, new Pseudonyms(secret), new Vault(secret), catalog, media, options),
          !f.writable());
      java.util.Arrays.fill(secret, (byte) 0);
      LOG.info("opened", "read_only", !f.writable(), "extensions", catalog.all().size());
      return l;
    } catch (IOException e) {
      if (registry != null) registry.close();
      throw new LibrarianException(Reason.IO, "cannot open the library: " + e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      if (registry != null) registry.close();
      throw e;
    }
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** Ingests files and folders (recursively; links are followed only inside an input folder). */
  public IngestReport ingest(Path... paths) {
    return ingest(List.of(paths));
  }

  public IngestReport ingest(List<Path> paths) {
    return write("ingest", () -> new Ingester(lib).ingest(paths));
  }

  public CompletableFuture<IngestReport> ingestAsync(List<Path> paths, Executor executor) {
    return CompletableFuture.supplyAsync(() -> ingest(paths), executor);
  }

  /** Runs a pipeline over every recording; validates it first, so a bad step fails before anything runs. */
  public RunReport run(Pipeline pipeline) {
    return run(pipeline, Cancellation.create(), RunListener.NONE);
  }

  public RunReport run(Pipeline pipeline, Cancellation cancellation, RunListener listener) {
    PipelineRunner runner = new PipelineRunner(lib);
    var plan = runner.plan(pipeline);
    return write("run", () -> runner.run(pipeline, plan, cancellation, listener));
  }

  /** Runs on {@code executor}; cancelling the future cancels the run's jobs. */
  public CompletableFuture<RunReport> runAsync(Pipeline pipeline, RunListener listener, Executor executor) {
    Cancellation c = Cancellation.create();
    var plan = new PipelineRunner(lib).plan(pipeline);
    CompletableFuture<RunReport> f = CompletableFuture.supplyAsync(
        () -> write("run", () -> new PipelineRunner(lib).run(pipeline, plan, c, listener)), executor);
    f.whenComplete((r, t) -> {
      if (f.isCancelled()) c.cancel();
    });
    return f;
  }

  /** Checks a pipeline against this library's extensions without running it. */
  public void validate(Pipeline pipeline) {
    new PipelineRunner(lib).plan(pipeline);
  }

  private <T> T write(String what, Supplier<T> body) {
    checkOpen();
    if (readOnly) {
      throw new LibrarianException(Reason.READ_ONLY, "the library folder is read-only; " + what + " needs write access");
    }
    try (WriterLock.Hold hold = writerLock.acquire(lib.options().lockWait())) {
      Path dirty = lib.root().resolve(LibraryFolder.DIRTY);
      if (hold.outermost()) {
        if (Files.exists(dirty)) recover();
        Files.writeString(dirty, "");
        AtomicWrite.fsyncDirectory(lib.root());
      }
      T result = body.get();
      if (hold.outermost()) Files.deleteIfExists(dirty);
      return result;
    } catch (IOException e) {
      if (io.themachine.core.internal.exec.Errors.isDiskFull(e)) {
        throw new LibrarianException(Reason.DISK_FULL, "the disk is full; " + what + " did not start");
      }
      throw new LibrarianException(Reason.IO, what + " failed: " + e.getClass().getSimpleName());
    }
  }

  /** After a writer died: fail its unfinished jobs, drop its temporaries and any stored file no row names. */
  private void recover() throws IOException {
    long now = System.currentTimeMillis();
    int jobs = lib.registry().failInterruptedJobs("interrupted: the process ended before the job finished", now);
    int temps = lib.store().sweepTemp();
    int orphans = 0;
    for (String rel : lib.store().list()) {
      if (lib.registry().artifact(ContentStore.idOf(rel).value()).isEmpty()) {
        lib.store().delete(rel);
        orphans++;
      }
    }
    Path scratch = lib.scratchRoot();
    if (Files.isDirectory(scratch)) {
      try (var s = Files.walk(scratch)) {
        for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
          if (!p.equals(scratch)) Files.deleteIfExists(p);
        }
      }
    }
    LOG.warn("recovered", "interrupted_jobs", jobs, "temporaries", temps, "orphans", orphans);
  }

  // ---- reading ---------------------------------------------------------------------------------

  public List<Recording> recordings() {
    checkOpen();
    List<Recording> out = new ArrayList<>();
    for (RecordingRow r : lib.registry().recordings()) out.add(recording(r));
    return out;
  }

  private Recording recording(RecordingRow r) {
    ArtifactRow a = lib.registry().artifact(r.artifactId()).orElseThrow();
    return new Recording(ArtifactId.of(r.artifactId()), r.pseudonym(), Json.media(a.media()), r.storedAs(), r.hadTags(),
        r.groupId(), r.role());
  }

  /** An artifact by id ({@code sha256:…}, or a unique prefix of at least 8 hex digits). */
  public Optional<Artifact> artifact(String id) {
    checkOpen();
    return lib.registry().artifact(resolveId(id)).map(this::artifact);
  }

  private Artifact artifact(ArtifactRow a) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (a.labels() != null) Json.tree(a.labels()).properties().forEach(e -> labels.put(e.getKey(), e.getValue().asString()));
    return new Artifact(ArtifactId.of(a.id()), ArtifactKind.of(a.kind()), a.size(), Json.media(a.media()), labels,
        a.createdJob() != null ? UUID.fromString(a.createdJob()) : null, a.path());
  }

  /** The stored file of an artifact, to read (never write). */
  public Path file(ArtifactId id) {
    checkOpen();
    ArtifactRow a = lib.registry().artifact(id.value()).orElseThrow(() -> notFound(id.value()));
    return lib.store().resolve(a.path());
  }

  private String resolveId(String id) {
    String s = id.trim();
    if (s.startsWith("sha256:") && s.length() == 71) return s;
    if (s.startsWith("rec-")) {
      return lib.registry().recordings().stream().filter(r -> r.pseudonym().equals(s)).map(RecordingRow::artifactId)
          .findFirst().orElseThrow(() -> notFound(s));
    }
    String hex = s.startsWith("sha256:") ? s.substring(7) : s;
    if (hex.length() < 8 || !hex.matches("[0-9a-f]+")) {
      throw new LibrarianException(Reason.INVALID_ARGUMENT, "not an id: give sha256:<hex>, at least 8 hex digits, or a rec- pseudonym");
    }
    List<String> matches = new ArrayList<>();
    lib.registry().forEachArtifact(a -> {
      if (a.id().startsWith("sha256:" + hex)) matches.add(a.id());
    });
    if (matches.isEmpty()) throw notFound(s);
    if (matches.size() > 1) throw new LibrarianException(Reason.INVALID_ARGUMENT, "the prefix " + hex + " names " + matches.size() + " artifacts; give more digits");
    return matches.get(0);
  }

  private static LibrarianException notFound(String id) {
    return new LibrarianException(Reason.NOT_FOUND, "no artifact " + id + " in this library");
  }

  /** The chain of steps from an artifact back to the ingested recording(s). */
  public Lineage explain(String id) {
    checkOpen();
    String start = resolveId(id);
    List<Lineage.Link> chain = new ArrayList<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    Set<String> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      String cur = todo.poll();
      if (!seen.add(cur)) continue;
      ArtifactRow a = lib.registry().artifact(cur).orElseThrow(() -> notFound(cur));
      var step = lib.registry().producingStep(cur);
      List<String> parents = lib.registry().parents(cur);
      if (step.isPresent()) {
        var s = step.get();
        @SuppressWarnings("unchecked")
        Map<String, Object> params = Json.MAPPER.readValue(s.params(), LinkedHashMap.class);
        chain.add(new Lineage.Link(ArtifactId.of(cur), ArtifactKind.of(a.kind()), s.extension(), s.version(), params,
            s.stepKey(), UUID.fromString(s.jobId()), parents.stream().map(ArtifactId::of).toList()));
      } else {
        chain.add(new Lineage.Link(ArtifactId.of(cur), ArtifactKind.of(a.kind()), "ingest", null, Map.of(), null,
            a.createdJob() != null ? UUID.fromString(a.createdJob()) : null, List.of()));
      }
      todo.addAll(parents);
    }
    return new Lineage(chain);
  }

  public Lineage explain(ArtifactId id) {
    return explain(id.value());
  }

  /**
   * The original relative names a recording was ingested under, decrypted from the vault: empty
   * unless the library was opened with {@link LibraryOptions#vault(boolean)} on at ingest. This is
   * the one call that returns personal data; nothing else in the SDK exports it.
   */
  public List<String> reveal(String id) {
    checkOpen();
    String artifact = resolveId(id);
    List<String> out = new ArrayList<>();
    for (byte[][] row : lib.registry().vault(artifact)) {
      out.add(lib.vault().open(new Vault.Sealed(row[0], row[1]), artifact));
    }
    LOG.info("revealed", "artifact", ArtifactId.of(artifact), "names", out.size());
    return out;
  }

  /** Writes the manifest to {@code exports/manifest-<time>.jsonl} atomically. */
  public ManifestExport exportManifest() {
    checkOpen();
    if (readOnly) throw new LibrarianException(Reason.READ_ONLY, "the library folder is read-only; export to a stream instead");
    Path exports = lib.root().resolve(LibraryFolder.EXPORTS);
    String name = "manifest-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + ".jsonl";
    Path temp = exports.resolve("." + name + ".part");
    try {
      Files.createDirectories(exports);
      long rows;
      try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
        rows = new ManifestWriter(lib).write(out);
      }
      AtomicWrite.fsync(temp);
      AtomicWrite.publish(temp, exports.resolve(name));
      return new ManifestExport(rows, LibraryFolder.EXPORTS + "/" + name);
    } catch (IOException e) {
      throw new LibrarianException(io.themachine.core.internal.exec.Errors.isDiskFull(e) ? Reason.DISK_FULL : Reason.IO,
          "writing the manifest failed: " + e.getClass().getSimpleName());
    } finally {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a stray temporary in exports/ is harmless
      }
    }
  }

  /** Streams the manifest as JSON Lines to {@code out} (not closed). */
  public ManifestExport exportManifest(OutputStream out) {
    checkOpen();
    return new ManifestExport(new ManifestWriter(lib).write(out), null);
  }

  /** Checks registry against store (every row's file exists with its hash, every file has a row) and SQLite's integrity. */
  public VerifyReport verify() {
    checkOpen();
    return new Verifier(lib).verify();
  }

  public LibraryStatus status() {
    checkOpen();
    return new LibraryStatus((int) lib.registry().countRecordings(), lib.registry().countArtifacts(),
        lib.registry().jobCounts(), readOnly, lib.media().describe());
  }

  /** The extensions this library can run, with parameters and availability. */
  public List<ExtensionInfo> extensions() {
    checkOpen();
    return lib.extensions().describe();
  }

  public boolean readOnly() {
    return readOnly;
  }

  /** For tests of disk-full handling: replaces how the store opens files. */
  void storeIo(StoreIo io) {
    lib.store().io(io);
  }

  private void checkOpen() {
    if (closed) throw new LibrarianException(Reason.CLOSED, "the library was closed");
  }

  @Override
  public void close() {
    if (closed) return;
    closed = true;
    lib.registry().close();
  }

  @Override
  public String toString() {
    if (closed) return "Librarian[closed]";
    return "Librarian[" + (int) lib.registry().countRecordings() + " recordings, " + lib.registry().countArtifacts()
        + " artifacts" + (readOnly ? ", read-only" : "") + "]";
  }
}
