/**
 * The {@code themachine} CLI, the embedding example and a sample extension. Runs on the module
 * path: the SDK's modules, picocli, progressbar and slf4j-simple.
 */
module io.themachine.examples {
  requires io.themachine.core;
  requires io.themachine.audio;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires tools.jackson.databind;
  requires org.slf4j;

  exports io.themachine.examples.embed;
  exports io.themachine.examples.extension;
  opens io.themachine.examples.cli to info.picocli;

  // The sample extension, found by ServiceLoader like any plug-in (a plug-in jar on the class
  // path would list it in META-INF/services/io.themachine.spi.Extension instead).
  provides io.themachine.spi.Extension with io.themachine.examples.extension.PeakExtension;
}
