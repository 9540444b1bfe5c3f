/**
 * The Machine's extension SPI: what an extension is, what it is given when it runs, and the plain
 * audio value types it works on. Needs the JDK alone, so an extension jar can be built against it
 * without pulling any native library.
 */
module io.themachine.spi {
  exports io.themachine.spi;
  exports io.themachine.spi.audio;
}
