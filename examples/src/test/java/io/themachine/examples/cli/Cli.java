package io.themachine.examples.cli;

import io.themachine.core.LibraryOptions;
import io.themachine.spi.Extension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Runs the CLI in-process with captured stdout and stderr, as a pipe would see it (no terminal). */
final class Cli {
  record Result(int code, String out, String err) {
    String all() {
      return out + err;
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  private Cli() {}

  static Result run(String... args) {
    return run(Map.of(), new Extension<?>[0], args);
  }

  static Result run(Map<String, String> env, Extension<?>[] extra, String... args) {
    return run(env, opts -> extra.length == 0 ? opts : withExtra(opts, extra), args);
  }

  static Result run(Map<String, String> env, java.util.function.UnaryOperator<LibraryOptions> options, String... args) {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    int code;
    try (var o = new PrintStream(out, true, StandardCharsets.UTF_8); var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = new TheMachine(o, e, env, false, options).execute(args);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static LibraryOptions withExtra(LibraryOptions o, Extension<?>[] extra) {
    return o.extensions(extra);
  }
}
