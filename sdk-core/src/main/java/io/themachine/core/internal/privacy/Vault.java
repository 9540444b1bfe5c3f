package io.themachine.core.internal.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The opt-in vault: a recording's original relative name sealed with AES-256-GCM under a key
 * derived from the library secret (HMAC-SHA256 of a fixed label), with a fresh 96-bit nonce and the
 * artifact id as associated data, so a sealed name cannot be moved to another recording. Only
 * {@code Librarian.reveal} opens it.
 */
public final class Vault {
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  /** A sealed value: nonce and ciphertext with its tag. */
  public record Sealed(byte[] nonce, byte[] sealed) {}

  public Vault(byte[] librarySecret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(librarySecret, "HmacSHA256"));
      this.key = new SecretKeySpec(mac.doFinal("themachine vault key v1".getBytes(StandardCharsets.UTF_8)), "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  public Sealed seal(String plaintext, String artifactId) {
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(artifactId.getBytes(StandardCharsets.UTF_8));
      return new Sealed(nonce, c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required of every JDK", e);
    }
  }

  public String open(Sealed s, String artifactId) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, s.nonce()));
      c.updateAAD(artifactId.getBytes(StandardCharsets.UTF_8));
      return new String(c.doFinal(s.sealed()), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a vault entry does not open with this library's secret (tampered or moved)");
    }
  }
}
