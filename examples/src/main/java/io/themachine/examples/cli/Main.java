package io.themachine.examples.cli;

import java.util.function.UnaryOperator;

/** Entry point of the {@code themachine} launcher. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // Library logs (ids and numbers only) go to stderr at warn level, so stdout stays clean for
    // --json; the CLI writes its own one-line records to the library's logs/ folder.
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    var console = System.console();
    boolean terminal = console != null && console.isTerminal();
    int code = new TheMachine(System.out, System.err, System.getenv(), terminal, UnaryOperator.identity()).execute(args);
    System.exit(code);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) System.setProperty(key, value);
  }
}
