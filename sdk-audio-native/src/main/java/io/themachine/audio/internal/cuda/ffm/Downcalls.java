package io.themachine.audio.internal.cuda.ffm;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/** Binds C symbols of one library to method handles; the first existing name of a list wins. */
final class Downcalls {
  private final SymbolLookup lookup;
  private final String library;

  Downcalls(SymbolLookup lookup, String library) {
    this.lookup = lookup;
    this.library = library;
  }

  /**
   * The handle for the first of {@code names} the library exports ({@code cuEventElapsedTime_v2}
   * before {@code cuEventElapsedTime}: newer drivers have both, older ones only the base name).
   */
  MethodHandle bind(FunctionDescriptor fd, String... names) {
    for (String n : names) {
      var s = lookup.find(n);
      if (s.isPresent()) return Linker.nativeLinker().downcallHandle(s.get(), fd);
    }
    throw new UnsatisfiedLinkError(library + " exports none of " + String.join(", ", names));
  }

  static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) return r;
    if (t instanceof Error e) throw e;
    return new IllegalStateException(t);
  }

  /** A NUL-terminated C string at {@code p}, or {@code fallback} when p is NULL. */
  static String cString(MemorySegment p, String fallback) {
    if (p == null || p.equals(MemorySegment.NULL)) return fallback;
    return p.reinterpret(4096).getString(0);
  }
}
