package io.themachine.core.internal.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * How the store opens files for writing. The default is the file system; tests install one that
 * fails like a full disk after a byte budget, to prove a failed write leaves nothing behind.
 */
public interface StoreIo {
  StoreIo FILES = file -> Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);

  OutputStream create(Path file) throws IOException;

  /** A file system that reports "No space left on device" once {@code budget} bytes were written in total. */
  static StoreIo fullAfter(long budget) {
    long[] left = {budget};
    return file -> {
      OutputStream real = FILES.create(file);
      return new OutputStream() {
        private void take(int n) throws IOException {
          synchronized (left) {
            if (left[0] < n) throw new IOException("No space left on device");
            left[0] -= n;
          }
        }

        @Override public void write(int b) throws IOException { take(1); real.write(b); }

        @Override public void write(byte[] b, int off, int len) throws IOException { take(len); real.write(b, off, len); }

        @Override public void flush() throws IOException { real.flush(); }

        @Override public void close() throws IOException { real.close(); }
      };
    };
  }
}
