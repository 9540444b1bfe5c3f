package io.themachine.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code themachine shell}: JShell with the SDK on the module path and the startup script
 * {@code themachine.jsh} ({@code import module io.themachine.core;} and helpers such as
 * {@code lib("demo-library")} and {@code yaml("steps: [{use: audio.probe}]")}).
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
    description = "Open JShell with the SDK loaded: try var l = lib(\"demo-library\"); l.recordings()")
final class ShellCommand implements Callable<Integer> {
  static final String SCRIPT = "themachine.jsh";

  @ParentCommand TheMachine app;

  @Option(names = "--library", paramLabel = "DIR", description = "The library lib() opens (default: $THEMACHINE_LIBRARY, else 'library').")
  Path library;

  @Option(names = "--print-command", description = "Print the jshell command line instead of running it.")
  boolean printCommand;

  @Override
  public Integer call() throws IOException, InterruptedException {
    String lib = library != null ? library.toString() : app.env.get("THEMACHINE_LIBRARY");
    if (printCommand) {
      // A command line to keep: the script in the source tree when the launcher says where that is.
      String home = app.env.get("THEMACHINE_HOME");
      Path shipped = home == null ? null : Path.of(home, "examples", "src", "main", "jshell", SCRIPT);
      Path script = shipped != null && Files.isRegularFile(shipped) ? shipped : extract();
      app.out.println(String.join(" ", command(script, lib)));
      return TheMachine.OK;
    }
    Path script = extract();
    try {
      return new ProcessBuilder(command(script, lib)).inheritIO().start().waitFor();
    } finally {
      Files.deleteIfExists(script);
    }
  }

  private static Path extract() throws IOException {
    Path script = Files.createTempFile("themachine-", ".jsh");
    try (InputStream in = ShellCommand.class.getResourceAsStream(SCRIPT)) {
      if (in == null) throw new TheMachine.CliException("the JShell startup script is missing from the jar");
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    return script;
  }

  /** jshell of the running JDK, with this JVM's module path and class path and the SDK's flags. */
  static List<String> command(Path startup, String library) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "jshell").toString());
    String mp = System.getProperty("jdk.module.path");
    String cp = System.getProperty("java.class.path");
    if (mp != null && !mp.isBlank()) {
      cmd.add("--module-path");
      cmd.add(mp);
      cmd.add("--add-modules");
      cmd.add("ALL-MODULE-PATH");
    }
    if (cp != null && !cp.isBlank()) {
      cmd.add("--class-path");
      cmd.add(cp);
    }
    cmd.add("-R--enable-native-access=ALL-UNNAMED");
    cmd.add("-R--add-modules=jdk.incubator.vector");
    cmd.add("-R-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (library != null && !library.isBlank()) cmd.add("-R-Dthemachine.library=" + library);
    cmd.add("--startup");
    cmd.add("DEFAULT");
    cmd.add("--startup");
    cmd.add(startup.toString());
    return cmd;
  }
}
