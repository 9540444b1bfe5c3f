package io.themachine.core;

import io.themachine.spi.Extension;
import java.time.Duration;
import java.util.List;

/**
 * How a library is opened. {@code LibraryOptions.defaults()} then withers:
 *
 * <pre>{@code
 * Librarian.open(dir, LibraryOptions.defaults().parallelism(2).extensions(new MyExtension()))
 * }</pre>
 *
 * @param extensions  extensions given directly, in addition to those discovered
 * @param discover    whether to find extensions and media services with {@link java.util.ServiceLoader}
 * @param classLoader where discovery looks (null: the SDK's own loader, i.e. module path and class path)
 * @param parallelism how many jobs run at once (at least 1)
 * @param lockWait    how long a writer waits for another process's writer lock before failing
 * @param groupCalls  whether ingest groups {@code recv_out-X}, {@code trans_out-X}, {@code out-X} files into a call
 * @param vault       whether ingest keeps each recording's original relative name, encrypted with the
 *                    library secret (off by default); only {@code Librarian.reveal} decrypts it
 */
public record LibraryOptions(List<Extension<?>> extensions, boolean discover, ClassLoader classLoader,
    int parallelism, Duration lockWait, boolean groupCalls, boolean vault) {

  public LibraryOptions {
    extensions = List.copyOf(extensions);
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be at least 1");
    if (lockWait == null || lockWait.isNegative()) throw new IllegalArgumentException("lockWait must be zero or more");
  }

  public static LibraryOptions defaults() {
    return new LibraryOptions(List.of(), true, null, Math.max(1, Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(5), true, false);
  }

  public LibraryOptions extensions(Extension<?>... e) {
    return new LibraryOptions(List.of(e), discover, classLoader, parallelism, lockWait, groupCalls, vault);
  }

  public LibraryOptions discover(boolean on) {
    return new LibraryOptions(extensions, on, classLoader, parallelism, lockWait, groupCalls, vault);
  }

  public LibraryOptions classLoader(ClassLoader cl) {
    return new LibraryOptions(extensions, discover, cl, parallelism, lockWait, groupCalls, vault);
  }

  public LibraryOptions parallelism(int n) {
    return new LibraryOptions(extensions, discover, classLoader, n, lockWait, groupCalls, vault);
  }

  public LibraryOptions lockWait(Duration d) {
    return new LibraryOptions(extensions, discover, classLoader, parallelism, d, groupCalls, vault);
  }

  public LibraryOptions groupCalls(boolean on) {
    return new LibraryOptions(extensions, discover, classLoader, parallelism, lockWait, on, vault);
  }

  /** Keeps original relative names, encrypted, for {@code Librarian.reveal}. Off by default. */
  public LibraryOptions vault(boolean on) {
    return new LibraryOptions(extensions, discover, classLoader, parallelism, lockWait, groupCalls, on);
  }
}
