/**
 * Native-accelerated audio: loudness and feature kernels (scalar reference, Vector API, CUDA
 * through Panama) and media I/O through FFmpeg. Optional parts are probed by class name and report
 * their availability with a reason instead of failing at class load.
 */
module io.themachine.audio {
  requires transitive io.themachine.spi;
  requires org.slf4j;
  requires static jdk.incubator.vector;

  exports io.themachine.audio;
  exports io.themachine.audio.dsp;
  // the parameter records are API: pipelines bind YAML to them, Java callers build them
  exports io.themachine.audio.extensions;

  provides io.themachine.spi.Extension with
      io.themachine.audio.extensions.MelExtension,
      io.themachine.audio.extensions.MfccExtension,
      io.themachine.audio.extensions.FrameFeaturesExtension;
}
