package io.themachine.examples.cli;

import io.themachine.core.ExtensionInfo;
import io.themachine.core.Librarian;
import io.themachine.core.job.IngestReport;
import io.themachine.core.job.RunReport;
import io.themachine.core.manifest.ManifestExport;
import io.themachine.core.manifest.VerifyReport;
import io.themachine.core.pipeline.Pipeline;
import io.themachine.core.pipeline.Step;
import io.themachine.spi.ArtifactId;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code themachine demo [DIR]}: ingests the sample recordings into {@code ./demo-library} (or
 * {@code --library}), runs the default pipeline, exports the manifest and verifies the library.
 *
 * <p>Steps of the default pipeline whose extension is not on the path, or cannot run here, are left
 * out with a printed note (with the steps that read from them), so the demo runs with whatever
 * extensions are present; the note says why. Run twice, every step is cached.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Ingest the sample recordings into ./demo-library (unless --library), run the default pipeline, "
        + "export the manifest and show what to try next.")
final class DemoCommand extends LibraryCommand {
  static final String DEFAULT_PIPELINE = "default-pipeline.yaml";
  private static final Set<String> AUDIO = Set.of("wav", "flac", "mp3", "m4a", "aac", "opus", "ogg", "oga", "wma", "aiff", "aif");

  @Parameters(arity = "0..1", paramLabel = "DIR",
      description = "Folder of recordings (default: the samples shipped beside the launcher, examples/samples).")
  Path dir;

  /** The demo never uses $THEMACHINE_LIBRARY: it must not write into a real library by accident. */
  @Override
  Path libraryPath() {
    return library != null ? library : Path.of("demo-library");
  }

  @Override
  public Integer call() {
    Path samples = dir != null ? dir : findSamples(app.env);
    if (samples == null) {
      throw new TheMachine.CliException("the sample recordings were not found; give their folder: themachine demo DIR");
    }
    if (!Files.isDirectory(samples)) throw new TheMachine.CliException("DIR is not a folder");
    List<Path> inputs = inputs(samples);
    Pipeline full = defaultPipeline();
    try (Librarian lib = openOrCreate()) {
      Pipeline pipeline = available(full, lib.extensions());
      lib.validate(pipeline); // a bad step fails before anything is ingested
      say("The Machine demo: ingesting " + inputs.size() + " sample folder(s)/file(s) into the library " + libraryPath());
      IngestReport ingest = lib.ingest(inputs);
      log(lib, "demo ingest added=" + ingest.added().size() + " duplicates=" + ingest.duplicates() + " failed="
          + ingest.failures().size());
      say("ingest: " + ingest.summary());
      say("pipeline " + pipeline.name() + ": " + String.join(" -> ", pipeline.steps().stream().map(Step::name).toList()));
      AtomicReference<ArtifactId> derived = new AtomicReference<>();
      RunReport run = RunCommand.run(this, lib, pipeline, j -> {
        if (!j.outputs().isEmpty()) derived.compareAndSet(null, j.outputs().getFirst());
      }, !json);
      ManifestExport manifest = lib.exportManifest();
      VerifyReport verify = lib.verify();
      var status = lib.status();
      log(lib, "demo manifest_rows=" + manifest.rows() + " verify_ok=" + verify.ok());
      String libArg = libraryPath().toString();
      if (json) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("recordings", status.recordings());
        o.put("ingest_added", ingest.added().size());
        o.put("ingest_duplicates", ingest.duplicates());
        o.put("ingest_failed", ingest.failures().size());
        o.put("run", RunCommand.json(pipeline, run));
        o.put("manifest", manifest.file());
        o.put("manifest_rows", manifest.rows());
        o.put("verify_ok", verify.ok());
        printJson(o);
      } else {
        say("");
        say(String.format(Locale.ROOT, "Summary: %d recordings; this run: %d job(s) ran, %d cached, %d failed; verify %s",
            status.recordings(), run.ran(), run.cached(), run.failed(), verify.ok() ? "ok" : "found problems"));
        var recordings = lib.recordings();
        long tagged = recordings.stream().filter(r -> Boolean.TRUE.equals(r.hadTags())).count();
        long opaque = recordings.stream().filter(r -> "opaque".equals(r.storedAs())).count();
        say("Privacy:  " + (dir == null ? "the samples' file names and tags carry (fake) names, phone numbers and e-mails; "
            : "") + "no file name or tag value is in the library: " + tagged + " of " + recordings.size() + " inputs had tags, stripped at ingest"
            + (opaque > 0 ? "; " + opaque + " stored as opaque blobs (no media backend), their contents not sanitized" : ""));
        say("Library:  " + libArg + "   (recordings are known by id and pseudonym, never by file name)");
        say("Manifest: " + libArg + "/" + manifest.file() + "   (" + manifest.rows() + " rows)");
        say("Try next:");
        String cli = "examples/themachine";
        say("  " + cli + " status --library " + libArg);
        String explainId = derived.get() != null ? derived.get().value().substring(0, 19)
            : status.recordings() > 0 ? lib.recordings().getFirst().pseudonym() : "ID";
        say("  " + cli + " explain " + explainId + " --library " + libArg);
        say("  " + cli + " extensions");
        say("  " + cli + " demo            # again: every step is cached");
        say("  " + cli + " shell           # JShell with the SDK: var l = lib(\"" + libArg + "\")");
      }
      return ingest.ok() && run.ok() && verify.ok() ? TheMachine.OK : TheMachine.JOBS_FAILED;
    }
  }

  /** The bundled default pipeline. */
  static Pipeline defaultPipeline() {
    try (InputStream in = DemoCommand.class.getResourceAsStream(DEFAULT_PIPELINE)) {
      if (in == null) throw new TheMachine.CliException("the default pipeline is missing from the jar");
      return Pipeline.fromYamlText(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new TheMachine.CliException("the default pipeline cannot be read: " + e.getClass().getSimpleName());
    }
  }

  /** Leaves out steps whose extension is missing or unavailable, and steps that read from a left-out step. */
  Pipeline available(Pipeline p, List<ExtensionInfo> extensions) {
    Map<String, ExtensionInfo> byId = extensions.stream().collect(Collectors.toMap(ExtensionInfo::id, Function.identity(), (a, b) -> a));
    List<Step> kept = new ArrayList<>();
    Set<String> dropped = new HashSet<>();
    for (Step s : p.steps()) {
      ExtensionInfo e = byId.get(s.use());
      String why = e == null ? "extension " + s.use() + " is not on the path"
          : !e.availability().available() ? "extension " + s.use() + " cannot run here: " + e.availability().reason()
          : s.input() != null && dropped.contains(s.input()) ? "it reads from the left-out step " + s.input()
          : null;
      if (why == null) {
        kept.add(s);
      } else {
        dropped.add(s.name());
        if (!quiet) app.err.println("note: step " + s.name() + " left out of the demo: " + why);
      }
    }
    return new Pipeline(p.name(), kept, p.device());
  }

  /** The sub-folders of DIR and its audio files (so the script beside the samples is not ingested). */
  static List<Path> inputs(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isDirectory(p) || AUDIO.contains(extension(p))).sorted().toList();
    } catch (IOException e) {
      throw new TheMachine.CliException("the samples folder cannot be listed: " + e.getClass().getSimpleName());
    }
  }

  private static String extension(Path p) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /**
   * Where the samples are: {@code $THEMACHINE_HOME/examples/samples} (the launcher sets it), else
   * beside the jar or classes folder this runs from, else {@code ./examples/samples}.
   */
  static Path findSamples(Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    String home = env.get("THEMACHINE_HOME");
    if (home != null && !home.isBlank()) candidates.add(Path.of(home, "examples", "samples"));
    try {
      var src = DemoCommand.class.getProtectionDomain().getCodeSource();
      if (src != null) {
        Path p = Path.of(src.getLocation().toURI()).toAbsolutePath();
        for (int i = 0; i < 4 && p != null; i++, p = p.getParent()) {
          candidates.add(p.resolve("samples"));
          candidates.add(p.resolve("examples").resolve("samples"));
        }
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the working directory
    }
    candidates.add(Path.of("examples", "samples"));
    candidates.add(Path.of("samples"));
    for (Path c : candidates) {
      if (Files.isRegularFile(c.resolve("make-samples.sh"))) return c;
    }
    return null;
  }
}
