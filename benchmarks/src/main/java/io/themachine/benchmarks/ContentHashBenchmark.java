package io.themachine.benchmarks;

import io.themachine.core.internal.store.HashingCopy;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store hashes every byte it copies. This measures that copy-while-hashing loop against
 * {@link MessageDigest} alone over the same bytes, so the ratio shows what the copy costs on top
 * of SHA-256 (the floor). Throughput in bytes per second = size / score.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class ContentHashBenchmark {
  /** Bytes per operation: one small file, one 64 MiB recording. */
  @Param({"4096", "67108864"})
  public int size;

  private byte[] data;
  private byte[] buffer;
  private static final OutputStream SINK = OutputStream.nullOutputStream();

  @Setup
  public void setup() throws Exception {
    data = new byte[size];
    new Random(1).nextBytes(data);
    buffer = new byte[1 << 20];
    // Both must agree before anything is timed.
    String a = HashingCopy.copy(new ByteArrayInputStream(data), SINK, buffer).id().hex();
    String b = java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    if (!a.equals(b)) throw new IllegalStateException("HashingCopy disagrees with MessageDigest");
  }

  @Benchmark
  public Object storeCopyWhileHashing() throws Exception {
    return HashingCopy.copy(new ByteArrayInputStream(data), SINK, buffer);
  }

  @Benchmark
  public byte[] messageDigestAlone() throws Exception {
    return MessageDigest.getInstance("SHA-256").digest(data);
  }
}
