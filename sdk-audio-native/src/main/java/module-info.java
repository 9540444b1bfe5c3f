/**
 * Native-accelerated audio: loudness and feature kernels (scalar reference, Vector API, CUDA
 * through Panama) and media I/O through FFmpeg. Optional parts are probed by class name and report
 * their availability with a reason instead of failing at class load.
 */
module io.themachine.audio {
  requires transitive io.themachine.spi;
  requires org.slf4j;
  requires static jdk.incubator.vector;
  // FFmpeg through JavaCPP: optional at run time. Only io.themachine.audio.internal.ffmpeg names
  // these types; resolve them with --add-modules org.bytedeco.ffmpeg (see the pom's surefire flags).
  requires static org.bytedeco.ffmpeg;
  requires static org.bytedeco.javacpp;
  // libtorch (TorchScript separation models): optional the same way. Only
  // io.themachine.audio.internal.torch names these types; --add-modules org.bytedeco.pytorch.
  requires static org.bytedeco.pytorch;
  // Thread CPU time in the model runner's reports (ModelRun.cpuSeconds).
  requires java.management;

  exports io.themachine.audio;
  exports io.themachine.audio.dsp;
  exports io.themachine.audio.separation;
  // Built-in extensions and their parameter records (the librarian binds pipeline YAML onto them).
  exports io.themachine.audio.extensions;

  uses io.themachine.spi.Extension;
  uses io.themachine.spi.audio.MediaProbe;
  uses io.themachine.spi.audio.AudioDecoder;
  uses io.themachine.spi.audio.AudioEncoder;

  provides io.themachine.spi.audio.MediaProbe with io.themachine.audio.internal.ffmpeg.FfmpegMediaProbe;
  provides io.themachine.spi.audio.AudioDecoder with io.themachine.audio.internal.ffmpeg.FfmpegAudioDecoder;
  provides io.themachine.spi.audio.AudioEncoder with io.themachine.audio.internal.ffmpeg.FfmpegAudioEncoder;
  provides io.themachine.spi.Extension with
      io.themachine.audio.extensions.ProbeExtension,
      io.themachine.audio.extensions.DecodeExtension,
      io.themachine.audio.extensions.LoudnessMeasureExtension,
      io.themachine.audio.extensions.LoudnessNormalizeExtension,
      io.themachine.audio.extensions.ResampleExtension,
      io.themachine.audio.extensions.PitchExtension,
      io.themachine.audio.extensions.MelExtension,
      io.themachine.audio.extensions.MfccExtension,
      io.themachine.audio.extensions.FrameFeaturesExtension,
      io.themachine.audio.extensions.SeparateExtension;
}
