package io.themachine.audio;

import io.themachine.audio.extensions.DecodeExtension;
import io.themachine.audio.extensions.ProbeExtension;
import io.themachine.spi.audio.MediaException;
import java.nio.file.Path;

/** Run in a child JVM by {@link WithoutFfmpegTest}: touches every FFmpeg-backed entry point. */
public final class NoFfmpegMain {
  private NoFfmpegMain() {}

  public static void main(String[] args) {
    System.out.println("availability: " + AudioFiles.availability());
    System.out.println("probe extension: " + new ProbeExtension().descriptor().id() + " " + new ProbeExtension().availability());
    System.out.println("decode extension: " + new DecodeExtension().availability() + " " + new DecodeExtension().toolVersions());
    try {
      AudioFiles.probe(Path.of(args[0]), "job-1/input-1");
      System.out.println("probe: no exception");
    } catch (MediaException e) {
      System.out.println("probe: " + e.reason() + " " + e.getMessage());
    }
  }
}
