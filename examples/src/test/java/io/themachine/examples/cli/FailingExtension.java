package io.themachine.examples.cli;

import io.themachine.spi.ArtifactKind;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.NoParams;

/** {@code test.fail}: fails every job, to check exit code 1 and the failure summary. */
public final class FailingExtension implements Extension<NoParams> {
  private static final Descriptor<NoParams> D = Descriptor.of("test.fail", "1.0.0", NoParams.INSTANCE)
      .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO).summary("always fails");

  @Override
  public Descriptor<NoParams> descriptor() {
    return D;
  }

  @Override
  public void run(ExtensionContext<NoParams> ctx) {
    throw new ExtensionException("deliberate failure for a test");
  }
}
