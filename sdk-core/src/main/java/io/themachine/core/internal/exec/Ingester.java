package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.artifact.Recording;
import io.themachine.core.internal.privacy.SafeLog;
import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.JobRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.store.ContentStore;
import io.themachine.core.job.IngestReport;
import io.themachine.core.job.JobState;
import io.themachine.spi.ArtifactId;
import io.themachine.spi.ArtifactKind;
import io.themachine.spi.audio.MediaInfo;
import io.themachine.spi.audio.MediaProbe;
import io.themachine.spi.audio.SanitizeResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Ingest: walks the inputs, stores each file's sanitized copy (or, with no media probe on the
 * path, the file as an opaque blob), and registers it as a recording known by content id and
 * pseudonym. Names are read only to sort inputs and to find call groups; they are never stored,
 * logged or put in a message. Each input gets an ingest job, so a failure is reported by number
 * and job id.
 */
public final class Ingester {
  /** The original tool's phone-call tuple: received side, transmitted side, and the mix. */
  private static final Pattern CALL = Pattern.compile("(recv_out|trans_out|out)-(.+)");
  private static final SafeLog LOG = new SafeLog("io.themachine.core.ingest", "");

  private final LibraryContext lib;

  public Ingester(LibraryContext lib) {
    this.lib = lib;
  }

  /** An input file; {@code relativeName} (for the vault) stays in memory, never logged or stored in the clear. */
  private record Input(Path file, int number, String groupKey, String role, String relativeName) {}

  public IngestReport ingest(List<Path> paths) {
    int[] skipped = {0};
    List<Path> files = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (Path p : paths) collect(p, files, names, skipped);
    List<Input> inputs = assignGroups(files, names);

    List<Recording> added = new ArrayList<>();
    List<IngestReport.Failure> failures = new ArrayList<>();
    int duplicates = 0;
    for (Input in : inputs) {
      UUID job = Uuid7.next();
      long now = System.currentTimeMillis();
      lib.registry().insertJobs(List.of(new JobRow(job.toString(), null, "ingest", "librarian.ingest", "1.0.0", "{}",
          null, "[]", JobState.RUNNING.key(), now, now, null, null)));
      try {
        Optional<Recording> r = ingestOne(in, job);
        if (r.isPresent()) {
          added.add(r.get());
          lib.registry().finishJob(job.toString(), JobState.DONE.key(), System.currentTimeMillis(), null);
          LOG.info("ingested", "input", in.number(), "job", job, "artifact", r.get().id());
        } else {
          duplicates++;
          lib.registry().finishJob(job.toString(), JobState.CACHED.key(), System.currentTimeMillis(), null);
          LOG.info("duplicate", "input", in.number(), "job", job);
        }
      } catch (RuntimeException | IOException e) {
        String error = Errors.describe(e);
        lib.registry().finishJob(job.toString(), JobState.FAILED.key(), System.currentTimeMillis(), error);
        LOG.warn("ingest_failed", "input", in.number(), "job", job);
        if (Errors.isDiskFull(e)) {
          throw new LibrarianException(Reason.DISK_FULL,
              "the disk is full: ingest stopped at input #" + in.number() + " (job " + job + "); nothing partial was kept");
        }
        failures.add(new IngestReport.Failure(in.number(), job, error));
      }
    }
    return new IngestReport(added, duplicates, failures, skipped[0]);
  }

  private void collect(Path p, List<Path> out, List<String> names, int[] skipped) {
    Path abs = p.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs)) {
      out.add(abs);
      names.add(abs.getFileName().toString());
      return;
    }
    if (!Files.isDirectory(abs)) {
      throw new LibrarianException(Reason.INVALID_ARGUMENT,
          "input #" + (out.size() + 1) + " is neither a file nor a folder (or does not exist)");
    }
    Path rootReal;
    try {
      rootReal = abs.toRealPath();
    } catch (IOException e) {
      throw new LibrarianException(Reason.IO, "an input folder cannot be read: " + e.getClass().getSimpleName());
    }
    List<Path> found = new ArrayList<>();
    try (Stream<Path> s = Files.walk(abs)) {
      s.sorted().forEach(f -> {
        if (Files.isSymbolicLink(f)) {
          // Followed only when it stays inside the input folder.
          try {
            Path target = f.toRealPath();
            if (target.startsWith(rootReal) && Files.isRegularFile(target)) found.add(target);
            else skipped[0]++;
          } catch (IOException e) {
            skipped[0]++;
          }
        } else if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
          found.add(f);
        } else if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          skipped[0]++;
        }
      });
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new LibrarianException(Reason.IO, "an input folder cannot be walked: " + Errors.describe(e));
    }
    for (Path f : found.stream().distinct().toList()) {
      out.add(f);
      Path rel = f.startsWith(abs) ? abs.relativize(f) : rootReal.relativize(f);
      names.add(abs.getFileName() + "/" + rel.toString().replace('\\', '/'));
    }
  }

  /** Finds recv_out-/trans_out-/out- tuples sharing a folder and a suffix; a group needs two members. */
  private List<Input> assignGroups(List<Path> files, List<String> names) {
    Map<String, List<Integer>> groups = new LinkedHashMap<>();
    String[] keys = new String[files.size()];
    String[] roles = new String[files.size()];
    if (lib.options().groupCalls()) {
      for (int i = 0; i < files.size(); i++) {
        String name = files.get(i).getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        Matcher m = CALL.matcher(stem);
        if (m.matches()) {
          keys[i] = files.get(i).getParent() + "\u0000" + m.group(2).toLowerCase(Locale.ROOT);
          roles[i] = switch (m.group(1)) {
            case "recv_out" -> "left";
            case "trans_out" -> "right";
            default -> "mixed";
          };
          groups.computeIfAbsent(keys[i], k -> new ArrayList<>()).add(i);
        }
      }
    }
    List<Input> out = new ArrayList<>(files.size());
    for (int i = 0; i < files.size(); i++) {
      boolean grouped = keys[i] != null && groups.get(keys[i]).size() >= 2;
      out.add(new Input(files.get(i), i + 1, grouped ? keys[i] : null, grouped ? roles[i] : null, names.get(i)));
    }
    return out;
  }

  private Optional<Recording> ingestOne(Input in, UUID job) throws IOException {
    BasicFileAttributes attrs = Files.readAttributes(in.file(), BasicFileAttributes.class);
    String fileKey = String.valueOf(attrs.fileKey());
    long size = attrs.size();
    long mtime = attrs.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
    Optional<String> memo = attrs.fileKey() == null ? Optional.empty() : lib.registry().memo(fileKey, size, mtime);
    if (memo.isPresent()) {
      var known = lib.registry().artifact(memo.get());
      if (known.isPresent() && lib.store().exists(known.get().path())) return Optional.empty();
    }
    String subject = "job " + job + " input #" + in.number();
    String ext = extensionOf(in.file());
    ContentStore.Put put;
    String storedAs;
    MediaInfo media = null;
    Boolean hadTags = null;
    Optional<MediaProbe> probe = lib.media().probe();
    if (probe.isPresent()) {
      // One pass over the original: sanitize copies its audio and reports whether it had tags;
      // the copy is then probed (decoded) once, which gives the durations and truncation.
      Path temp = lib.store().newTemp();
      try {
        SanitizeResult s = probe.get().sanitize(in.file(), temp, subject);
        if (s.media() != null && s.media().hadTags()) {
          throw new LibrarianException(Reason.INVALID_ARGUMENT, subject + ": the sanitized copy still carries tags; not stored");
        }
        hadTags = s.originalHadTags();
        put = lib.store().adopt(temp, s.fileExtension());
        storedAs = s.method();
        media = s.media();
      } finally {
        Files.deleteIfExists(temp);
      }
    } else {
      put = lib.store().copyIn(in.file(), ext);
      storedAs = "opaque";
    }
    ArtifactId id = put.id();
    String groupId = null;
    if (in.groupKey() != null) {
      groupId = lib.pseudonyms().group(in.groupKey());
      lib.registry().ensureGroup(groupId, System.currentTimeMillis());
    }
    long now = System.currentTimeMillis();
    String pseudonym = lib.pseudonyms().recording(id.value());
    boolean created = lib.registry().insertRecording(
        new ArtifactRow(id.value(), ArtifactKind.RECORDING.name(), put.relativePath(), put.size(), Json.media(media),
            null, job.toString(), now),
        new RecordingRow(id.value(), pseudonym, storedAs, hadTags, groupId, in.role(), job.toString(), now));
    if (attrs.fileKey() != null) lib.registry().putMemo(fileKey, size, mtime, id.value());
    if (lib.options().vault()) {
      var sealed = lib.vault().seal(in.relativeName(), id.value());
      lib.registry().insertVault(id.value(), sealed.nonce(), sealed.sealed());
    }
    if (!created) return Optional.empty();
    return Optional.of(new Recording(id, pseudonym, media, storedAs, hadTags, groupId, in.role()));
  }

  private static String extensionOf(Path file) {
    String n = file.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return ContentStore.extension(dot > 0 ? n.substring(dot + 1) : null);
  }
}
