package io.themachine.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The module's {@code provides} (module path) and its {@code META-INF/services} files (class path:
 * the CLI, the benchmarks jar) must name the same providers, or one way of running silently loses
 * an extension or the FFmpeg backend.
 */
class ServiceFilesTest {
  @Test
  void providesInModuleInfo_equalServiceFiles() throws IOException {
    ModuleDescriptor d = Backend.class.getModule().getDescriptor();
    assertThat(d).as("tests run on the module path").isNotNull();
    for (ModuleDescriptor.Provides p : d.provides()) {
      Set<String> listed = new TreeSet<>();
      try (InputStream in = Backend.class.getModule().getResourceAsStream("META-INF/services/" + p.service())) {
        assertThat(in).as("META-INF/services/" + p.service()).isNotNull();
        new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::trim)
            .filter(l -> !l.isEmpty() && !l.startsWith("#")).forEach(listed::add);
      }
      assertThat(listed).as(p.service()).isEqualTo(new TreeSet<>(p.providers()));
    }
    assertThat(d.provides()).isNotEmpty();
  }
}
