// The Machine in JShell. Opened by `examples/themachine shell`, or directly (after a build):
//   jshell --module-path examples/target/lib:examples/target/examples-0.1.0-SNAPSHOT.jar \
//     --add-modules ALL-MODULE-PATH -R--enable-native-access=ALL-UNNAMED \
//     --startup DEFAULT --startup examples/src/main/jshell/themachine.jsh
// (`examples/themachine shell --print-command` prints the full command line.)

import module io.themachine.core;
import java.nio.file.Path;

/** Opens (or creates) the library in {@code dir}. Close it with {@code lib.close()}. */
Librarian lib(String dir) { return Librarian.open(Path.of(dir)); }

/** The library named by --library, $THEMACHINE_LIBRARY, or ./library. */
Librarian lib() {
  String d = System.getProperty("themachine.library");
  if (d == null || d.isBlank()) d = System.getenv().getOrDefault("THEMACHINE_LIBRARY", "library");
  return lib(d);
}

/** A pipeline from YAML text: {@code yaml("steps: [{use: audio.probe}, {use: audio.decode}]")}. */
Pipeline yaml(String text) { return Pipeline.fromYamlText(text); }

/** A pipeline from a YAML file. */
Pipeline pipeline(String file) { return Pipeline.fromYaml(Path.of(file)); }

/** Path.of, shorter. */
Path path(String first, String... more) { return Path.of(first, more); }

System.out.println("The Machine: var l = lib(\"demo-library\"); l.recordings(); l.run(yaml(\"steps: [{use: audio.probe}]\")).summary(); l.explain(\"rec-...\"); l.close()");
