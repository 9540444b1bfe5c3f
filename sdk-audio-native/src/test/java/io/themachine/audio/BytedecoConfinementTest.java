package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The build rule of the style guide, section 1: only {@code io.themachine.audio.internal.ffmpeg}
 * names bytedeco types. Checked twice: in the compiled classes (any {@code org/bytedeco} in a class
 * file's constant pool), which catches imports, signatures and fully qualified uses alike, and in
 * the public API of the exported packages by reflection.
 */
class BytedecoConfinementTest {
  private static final String ALLOWED = "io/themachine/audio/internal/ffmpeg/";
  private static final String ALLOWED_TORCH = "io/themachine/audio/internal/torch/";

  @Test
  void classFiles_outsideInternalFfmpeg_nameNoBytedecoType() throws IOException {
    // Surefire runs in the module's folder; the compiled main classes are in target/classes.
    Path classes = Path.of("target", "classes");
    assertThat(classes).as("compiled classes").isDirectory();
    byte[] needle = "org/bytedeco".getBytes(StandardCharsets.US_ASCII);
    List<String> offenders = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String rel = classes.relativize(p).toString().replace('\\', '/');
        byte[] b = Files.readAllBytes(p);
        boolean names = PrivacyCanaryTest.indexOf(b, needle) >= 0;
        if (rel.startsWith(ALLOWED) || rel.startsWith(ALLOWED_TORCH)) continue;
        checked++;
        if (names) offenders.add(rel);
      }
    }
    assertThat(checked).as("classes checked outside internal/ffmpeg").isGreaterThan(3);
    assertThat(offenders).as("classes naming org.bytedeco outside " + ALLOWED).isEmpty();
  }

  @Test
  void classFiles_ffmpegInternals_doNameBytedeco() throws IOException {
    // The control: the scan does find bytedeco where it is allowed.
    byte[] b = Files.readAllBytes(Path.of("target", "classes", ALLOWED, "FfmpegInput.class"));
    assertThat(PrivacyCanaryTest.indexOf(b, "org/bytedeco".getBytes(StandardCharsets.US_ASCII))).isGreaterThanOrEqualTo(0);
  }

  @Test
  void publicApi_exportedPackages_nameNoBytedecoType() {
    Module m = AudioFiles.class.getModule();
    for (Class<?> c : List.of(AudioFiles.class, Backend.class)) {
      assertThat(m.isExported(c.getPackageName()) || !m.isNamed()).isTrue();
      for (Method method : c.getMethods()) {
        if (!Modifier.isPublic(method.getModifiers())) continue;
        assertThat(method.getReturnType().getName()).doesNotStartWith("org.bytedeco");
        for (Class<?> t : method.getParameterTypes()) assertThat(t.getName()).doesNotStartWith("org.bytedeco");
      }
    }
    if (m.isNamed()) {
      assertThat(m.getDescriptor().exports()).noneMatch(e -> e.source().contains(".internal"));
    }
  }
}
