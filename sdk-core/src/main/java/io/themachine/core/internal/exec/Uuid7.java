package io.themachine.core.internal.exec;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then randomness, so ids sort by
 * creation time. Within one millisecond a counter in {@code rand_a} keeps them monotonic.
 */
public final class Uuid7 {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static long lastMillis;
  private static int counter;

  private Uuid7() {}

  public static synchronized UUID next() {
    long now = System.currentTimeMillis();
    if (now <= lastMillis) {
      if (++counter > 0xFFF) {
        lastMillis++;
        counter = 0;
      }
      now = lastMillis;
    } else {
      lastMillis = now;
      counter = RANDOM.nextInt(0x800);
    }
    long msb = (now << 16) | 0x7000L | counter;
    long lsb = (RANDOM.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(msb, lsb);
  }
}
