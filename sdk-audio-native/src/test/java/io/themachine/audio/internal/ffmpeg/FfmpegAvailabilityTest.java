package io.themachine.audio.internal.ffmpeg;

import static org.assertj.core.api.Assertions.assertThat;

import io.themachine.spi.Availability;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The probe by class name: never throws, says why, and honours {@code -Dthemachine.ffmpeg=off}. */
class FfmpegAvailabilityTest {
  @Test
  void probe_withoutBytedecoJars_reportsJarsNotOnPath() throws Exception {
    try (URLClassLoader bare = new URLClassLoader(new URL[0], null)) {
      Availability a = FfmpegAvailability.probe("", bare);
      assertThat(a.available()).isFalse();
      assertThat(a.reason()).startsWith("FFmpeg jars not on the path");
    }
  }

  @Test
  void probe_switchedOff_reportsTheSwitch() {
    Availability a = FfmpegAvailability.probe("off", FfmpegAvailability.class.getClassLoader());
    assertThat(a.available()).isFalse();
    assertThat(a.reason()).contains("-Dthemachine.ffmpeg=off");
  }

  @Test
  void probe_onThisPath_isAvailableWithVersion() {
    Availability a = FfmpegAvailability.availability();
    assertThat(a.available()).as(a.reason()).isTrue();
    assertThat(a.reason()).contains("8.0.1");
    assertThat(FfmpegAvailability.toolVersions()).containsEntry("ffmpeg", "8.0.1");
  }
}
