package io.themachine.core.testing;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Starts {@link ChildMain} in a new JVM with this test's class and module path flattened onto a class path. */
public final class Child {
  private Child() {}

  public static ProcessBuilder builder(String... args) {
    String java = ProcessHandle.current().info().command().orElseThrow();
    Set<String> cp = new LinkedHashSet<>();
    for (String prop : List.of("jdk.module.path", "java.class.path")) {
      String v = System.getProperty(prop);
      if (v != null && !v.isBlank()) for (String e : v.split(File.pathSeparator)) if (!e.isBlank()) cp.add(e);
    }
    List<String> cmd = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-cp", String.join(File.pathSeparator, cp), ChildMain.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  public static Process start(String... args) throws IOException {
    return builder(args).start();
  }
}
