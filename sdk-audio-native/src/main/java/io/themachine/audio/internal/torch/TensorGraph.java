package io.themachine.audio.internal.torch;

import java.lang.foreign.MemorySegment;

/**
 * A loaded TorchScript graph seen through native float32 buffers, with no bytedeco type in sight:
 * the caller writes into {@link #input(long)} (native memory the input tensor wraps with
 * {@code torch::from_blob}, no copy) and reads the output where the output tensor lives. Not
 * thread-safe. Implemented by {@code TorchGraph}, loaded by name.
 */
public interface TensorGraph extends AutoCloseable {
  /** The input buffer, at least {@code floats} long (grown if needed; earlier views become invalid). */
  MemorySegment input(long floats);

  /**
   * Runs {@code forward} on the input viewed as a float32 tensor of {@code shape}, under no-grad.
   * Returns the (first) output, contiguous float32, valid until the next call or close.
   *
   * @throws io.themachine.audio.separation.ModelException when libtorch fails or the output does not
   *     have {@code expect} float32 values
   */
  MemorySegment forward(long[] shape, long expect);

  /** Sets libtorch's intra-op threads (process-wide). */
  void threads(int n);

  /** Frees the graph and the buffers; idempotent. */
  @Override
  void close();
}
