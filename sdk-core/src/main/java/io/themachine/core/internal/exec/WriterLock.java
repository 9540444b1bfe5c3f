package io.themachine.core.internal.exec;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One writer per library: an OS file lock on {@code writer.lock} between processes, and a
 * re-entrant lock between threads of this JVM (file locks are per process). The holder writes its
 * pid into the file so the error a second writer gets can say who holds it.
 */
public final class WriterLock {
  private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path file;
  private final ReentrantLock local;
  private FileChannel channel;
  private FileLock lock;

  public WriterLock(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    try {
      // One lock per library even when two paths (a symbolic link) lead to it.
      abs = abs.getParent().toRealPath().resolve(abs.getFileName());
    } catch (IOException ignored) {
      // the folder is being created; its absolute path will do
    }
    this.file = abs;
    this.local = IN_PROCESS.computeIfAbsent(this.file, k -> new ReentrantLock());
  }

  /** A held lock; closing releases one level of nesting. */
  public interface Hold extends AutoCloseable {
    /** True for the outermost hold of this thread (the one that took the file lock). */
    boolean outermost();

    @Override
    void close();
  }

  public Hold acquire(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      if (!local.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) throw locked("another thread of this process");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LibrarianException(Reason.LOCKED, "interrupted while waiting for the library's writer lock");
    }
    boolean outer = local.getHoldCount() == 1;
    if (outer) {
      try {
        takeFileLock(deadline);
      } catch (RuntimeException e) {
        local.unlock();
        throw e;
      }
    }
    return new Hold() {
      private boolean closed;

      @Override public boolean outermost() { return outer; }

      @Override public void close() {
        if (closed) return;
        closed = true;
        if (outer) releaseFileLock();
        local.unlock();
      }
    };
  }

  private void takeFileLock(long deadline) {
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      while (true) {
        try {
          lock = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
          lock = null; // held by this JVM through another channel: wait like for another process
        }
        if (lock != null) break;
        if (System.nanoTime() >= deadline) {
          String holder = holder();
          channel.close();
          channel = null;
          throw locked(holder);
        }
        Thread.sleep(25);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII)), 0);
      channel.force(false);
    } catch (IOException e) {
      closeQuietly();
      throw new LibrarianException(Reason.IO, "cannot take the library's writer lock: " + e.getClass().getSimpleName(), e);
    } catch (InterruptedException e) {
      closeQuietly();
      Thread.currentThread().interrupt();
      throw new LibrarianException(Reason.LOCKED, "interrupted while waiting for the library's writer lock");
    }
  }

  private String holder() {
    try {
      String pid = Files.readString(file, StandardCharsets.US_ASCII).trim();
      return pid.matches("\\d{1,10}") ? "process " + pid : "another process";
    } catch (IOException e) {
      return "another process";
    }
  }

  private static LibrarianException locked(String holder) {
    return new LibrarianException(Reason.LOCKED,
        "the library is being written by " + holder + "; only one writer at a time. Wait for it to finish, "
            + "or raise LibraryOptions.lockWait to queue behind it");
  }

  private void releaseFileLock() {
    try {
      if (lock != null) lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it anyway
    }
    lock = null;
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      if (channel != null) channel.close();
    } catch (IOException ignored) {
      // nothing more to release
    }
    channel = null;
  }
}
