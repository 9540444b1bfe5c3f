package io.themachine.audio;

import io.themachine.audio.separation.ModelException;
import io.themachine.audio.separation.ModelSeparation;
import java.nio.file.Path;

/** Run in a child JVM by {@link WithoutTorchTest}: the model tier's entry points without (or with) libtorch. */
public final class NoTorchMain {
  private NoTorchMain() {}

  public static void main(String[] args) {
    System.out.println("availability: " + ModelSeparation.availability());
    try (ModelSeparation m = ModelSeparation.open(Path.of(args[0]))) {
      System.out.println("open: " + m);
      if (args.length > 1) {
        var stems = m.separate(io.themachine.spi.audio.AudioBuffer.of(8000, new float[4000], new float[4000]),
            io.themachine.audio.separation.ModelOptions.defaults().threads(1));
        System.out.println("separated: " + stems.keySet());
      }
    } catch (ModelException e) {
      System.out.println("open: ModelException " + e.getMessage());
    }
  }
}
