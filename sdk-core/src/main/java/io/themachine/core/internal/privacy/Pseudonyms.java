package io.themachine.core.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Pseudonyms from a keyed HMAC-SHA256 with the library secret: stable within a library, unlinkable
 * across libraries, and not reversible without the secret. {@code rec-} for recordings,
 * {@code grp-} for call groups.
 */
public final class Pseudonyms {
  private final SecretKeySpec key;

  public Pseudonyms(byte[] secret) {
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  private String mac(String domain, String value, int hexChars) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(key);
      m.update(domain.getBytes(StandardCharsets.UTF_8));
      m.update((byte) 0);
      return HexFormat.of().formatHex(m.doFinal(value.getBytes(StandardCharsets.UTF_8))).substring(0, hexChars);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  /** {@code rec-<16 hex>} for a recording's content id. */
  public String recording(String contentId) {
    return "rec-" + mac("recording", contentId, 16);
  }

  /**
   * {@code grp-<16 hex>} for a call group. {@code callKey} is what the member files share (the
   * part of their names after the role prefix); only its MAC is kept.
   */
  public String group(String callKey) {
    return "grp-" + mac("call-group", callKey, 16);
  }
}
