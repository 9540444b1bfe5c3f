package io.themachine.audio.internal.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;

/**
 * A FIFO of planar float blocks that keeps up to {@code memoryFrames} frames in memory and puts the
 * rest in a temporary file (random name, deleted on close), so stems read one after another cost
 * disk, not heap. Order is kept: once something is in the file, new blocks go there too until it is
 * read empty. Not thread-safe.
 */
public final class SpillQueue implements AutoCloseable {
  private final int channels;
  private final long memoryFrames;
  private final ArrayDeque<float[][]> blocks = new ArrayDeque<>();
  private final ArrayDeque<Integer> lengths = new ArrayDeque<>();
  private long inMemory;
  private int headUsed; // frames of the first block already popped
  private FileChannel file;
  private long writePos, readPos;
  private ByteBuffer io;
  private float[][] fileBlock; // the block last read from the file
  private int fileBlockLen, fileBlockUsed;
  private long spilledFrames;

  public SpillQueue(int channels, long memoryFrames) {
    this.channels = channels;
    this.memoryFrames = memoryFrames;
  }

  public void push(float[][] src, int n) {
    if (n <= 0) return;
    boolean fileBusy = writePos > readPos || fileBlockUsed < fileBlockLen;
    if (!fileBusy && inMemory + n <= memoryFrames) {
      float[][] b = new float[channels][];
      for (int c = 0; c < channels; c++) b[c] = java.util.Arrays.copyOf(src[c], n);
      blocks.add(b);
      lengths.add(n);
      inMemory += n;
      return;
    }
    spill(src, n);
  }

  private void spill(float[][] src, int n) {
    try {
      if (file == null) {
        Path p = Files.createTempFile("themachine-stem-", ".f32");
        file = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
      }
      int bytes = 4 + channels * n * Float.BYTES;
      if (io == null || io.capacity() < bytes) io = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
      io.clear();
      io.putInt(n);
      for (int c = 0; c < channels; c++) {
        io.asFloatBuffer().put(src[c], 0, n);
        io.position(io.position() + n * Float.BYTES);
      }
      io.flip();
      while (io.hasRemaining()) writePos += file.write(io, writePos);
      spilledFrames += n;
    } catch (IOException e) {
      throw new UncheckedIOException("stem spill file: write failed", e);
    }
  }

  /** Frames waiting. */
  public boolean isEmpty() {
    return inMemory == 0 && writePos == readPos && fileBlockUsed >= fileBlockLen;
  }

  /** Frames ever written to the file (for tests and reports). */
  public long spilledFrames() {
    return spilledFrames;
  }

  /** Pops up to {@code max} frames into {@code dst[c][off ..]}; 0 when empty. */
  public int pop(float[][] dst, int off, int max) {
    if (!blocks.isEmpty()) {
      float[][] b = blocks.peek();
      int len = lengths.peek();
      int k = Math.min(max, len - headUsed);
      for (int c = 0; c < channels; c++) System.arraycopy(b[c], headUsed, dst[c], off, k);
      headUsed += k;
      inMemory -= k;
      if (headUsed == len) {
        blocks.poll();
        lengths.poll();
        headUsed = 0;
      }
      return k;
    }
    if (fileBlockUsed >= fileBlockLen) {
      if (writePos == readPos) return 0;
      readBlock();
    }
    int k = Math.min(max, fileBlockLen - fileBlockUsed);
    for (int c = 0; c < channels; c++) System.arraycopy(fileBlock[c], fileBlockUsed, dst[c], off, k);
    fileBlockUsed += k;
    if (fileBlockUsed >= fileBlockLen && writePos == readPos) {
      writePos = readPos = 0; // drained: reuse the file from the start
      try {
        file.truncate(0);
      } catch (IOException e) {
        throw new UncheckedIOException("stem spill file: truncate failed", e);
      }
    }
    return k;
  }

  private void readBlock() {
    try {
      ByteBuffer head = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
      while (head.hasRemaining()) readPos += file.read(head, readPos);
      int n = head.flip().getInt();
      int bytes = channels * n * Float.BYTES;
      ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
      while (b.hasRemaining()) readPos += file.read(b, readPos);
      b.flip();
      if (fileBlock == null || fileBlock[0].length < n) fileBlock = new float[channels][n];
      for (int c = 0; c < channels; c++) {
        b.asFloatBuffer().get(fileBlock[c], 0, n);
        b.position(b.position() + n * Float.BYTES);
      }
      fileBlockLen = n;
      fileBlockUsed = 0;
    } catch (IOException e) {
      throw new UncheckedIOException("stem spill file: read failed", e);
    }
  }

  @Override
  public void close() {
    blocks.clear();
    lengths.clear();
    inMemory = 0;
    if (file != null) {
      try {
        file.close();
      } catch (IOException ignored) {
        // deleted on close; nothing else to do
      }
      file = null;
    }
  }
}
