package io.themachine.benchmarks;

import io.themachine.audio.AudioFiles;
import io.themachine.spi.audio.AudioBlockReader;
import io.themachine.spi.audio.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Decodes a whole file through the FFmpeg {@link AudioBlockReader} (demux, decode, swresample to
 * planar float32, copy into Java arrays) in 4096-frame blocks. One op is the whole file, so audio
 * seconds per second = the file's duration / the score. {@code benchmarks/decode-peer.sh} makes a
 * 10-minute FLAC and times {@code ffmpeg -f null -} on it in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {
  /** The file to decode; decode-peer.sh passes it with -p file=... */
  @Param("")
  public String file;

  private Path path;
  private float[][] block;
  private double seconds;

  @Setup
  public void setup() {
    path = Path.of(file);
    if (!Files.isRegularFile(path)) throw new IllegalStateException("pass -p file=<audio file>");
    if (!AudioFiles.availability().available()) throw new IllegalStateException(AudioFiles.availability().reason());
    MediaInfo m = AudioFiles.probe(path, "bench");
    seconds = m.decodedSeconds();
    block = new float[m.channels()][4096];
    System.out.printf("%n[decode] %s, %.1f s of audio%n", m, seconds);
  }

  @Benchmark
  public double decodeWholeFile() {
    double sum = 0;
    try (AudioBlockReader r = AudioFiles.open(path, "bench").open()) {
      for (int n; (n = r.read(block, 0, 4096)) > 0; ) sum += block[0][n - 1];
      long expect = Math.round(seconds * r.sampleRate());
      if (r.framesRead() != expect) throw new IllegalStateException("decoded " + r.framesRead() + " frames, want " + expect);
    }
    return sum;
  }
}
