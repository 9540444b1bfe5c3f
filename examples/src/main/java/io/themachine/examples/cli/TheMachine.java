package io.themachine.examples.cli;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibraryOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code themachine} command: the librarian from a shell. Exit codes: 0 all done, 1 some jobs
 * failed (the summary names them by job id) or verify found problems, 2 a usage, configuration or
 * library error. Nothing printed names an input's path, a file name or a tag value.
 *
 * <p>Create one per invocation and call {@link #execute}; tests pass their own streams,
 * environment and library options.
 */
@Command(name = "themachine", mixinStandardHelpOptions = true, version = "themachine 0.1.0",
    description = "A privacy-first audio librarian: ingest recordings, run pipelines, export manifests.",
    subcommands = {InitCommand.class, IngestCommand.class, RunCommand.class, StatusCommand.class,
        ExplainCommand.class, ExportCommand.class, ExtensionsCommand.class, VerifyCommand.class,
        DemoCommand.class, ShellCommand.class},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:all done", "1:some jobs failed (the summary names them by job id), or verify found problems",
        "2:usage, configuration or library error (bad pipeline, not a library, locked, unknown id)"},
    footer = "%nStart with: themachine demo")
public final class TheMachine implements Runnable {
  /** All done. */
  public static final int OK = 0;
  /** Some jobs failed, or verify found problems. */
  public static final int JOBS_FAILED = 1;
  /** Usage, configuration or library error. */
  public static final int USAGE = 2;

  final PrintStream out;
  final PrintStream err;
  final Map<String, String> env;
  final boolean terminal;
  final UnaryOperator<LibraryOptions> options;

  @Spec CommandSpec spec;

  /**
   * @param terminal whether stderr is a terminal (progress bars) or not (plain lines)
   * @param options  adjusts the library options (tests add extensions this way)
   */
  public TheMachine(PrintStream out, PrintStream err, Map<String, String> env, boolean terminal,
      UnaryOperator<LibraryOptions> options) {
    this.out = out;
    this.err = err;
    this.env = Map.copyOf(env);
    this.terminal = terminal;
    this.options = options;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand");
  }

  LibraryOptions libraryOptions() {
    return options.apply(LibraryOptions.defaults());
  }

  /** Parses and runs {@code args}; returns the exit code. */
  public int execute(String... args) {
    CommandLine cl = new CommandLine(this);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setParameterExceptionHandler((ex, given) -> {
      // picocli quotes the offending values; they may be paths, so only option names and labels stay.
      err.println("error: " + redact(ex.getMessage()));
      ex.getCommandLine().usage(err);
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
      if (ex instanceof LibrarianException le) {
        err.println("error: " + le.getMessage() + " (" + le.reason().name().toLowerCase(java.util.Locale.ROOT) + ")");
      } else if (ex instanceof CliException ce) {
        err.println("error: " + ce.getMessage());
      } else {
        // Messages of unexpected exceptions may carry a path: print the type only.
        err.println("error: unexpected " + ex.getClass().getName() + "; nothing more is printed because messages may carry paths");
      }
      return USAGE;
    });
    return cl.execute(args);
  }

  private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^']*)'");

  /** Keeps quoted option names ({@code '--format'}) and labels ({@code 'PATH'}); hides other quoted values. */
  static String redact(String message) {
    if (message == null) return "invalid command line";
    return QUOTED.matcher(message).replaceAll(m -> {
      String v = m.group(1);
      boolean keep = v.startsWith("-") && !v.contains("/") || v.matches("[A-Z][A-Z_.]*") || v.matches("[a-z]+");
      return java.util.regex.Matcher.quoteReplacement(keep ? m.group() : "'…'");
    });
  }

  /** A usage or configuration error with a message free of paths. */
  static final class CliException extends RuntimeException {
    CliException(String message) {
      super(message);
    }
  }
}
