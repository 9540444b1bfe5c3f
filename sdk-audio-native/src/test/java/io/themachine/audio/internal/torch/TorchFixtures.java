package io.themachine.audio.internal.torch;

import io.themachine.spi.audio.AudioBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The committed fixtures of {@code make_fixtures.py} (test resources beside this package): tiny
 * random-weight TorchScript models, their cards and the Python pipeline's output on input.npy.
 */
final class TorchFixtures {
  private TorchFixtures() {}

  static final int RATE = 8000;

  static Path model(String name) {
    try {
      return Path.of(TorchFixtures.class.getResource(name + ".pt").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path resource(String file) {
    try {
      return Path.of(TorchFixtures.class.getResource(file).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** input.npy: 2 x 13613 float32 at 8 kHz. */
  static AudioBuffer input() {
    Npy a = npy("input.npy");
    int n = a.shape[1];
    return AudioBuffer.of(RATE, Arrays.copyOfRange(a.data, 0, n), Arrays.copyOfRange(a.data, n, 2 * n));
  }

  /** NAME.out.npy: stems x channels x frames. */
  static float[][][] expected(String name) {
    Npy a = npy(name + ".out.npy");
    int s = a.shape[0], c = a.shape[1], n = a.shape[2];
    float[][][] out = new float[s][c][];
    for (int i = 0; i < s; i++) for (int j = 0; j < c; j++) out[i][j] = Arrays.copyOfRange(a.data, (i * c + j) * n, (i * c + j + 1) * n);
    return out;
  }

  record Npy(int[] shape, float[] data) {}

  /** A little-endian float32, C-order .npy (numpy format 1.0). */
  static Npy npy(String file) {
    try (InputStream in = TorchFixtures.class.getResourceAsStream(file)) {
      byte[] b = in.readAllBytes();
      int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
      String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
      if (!header.contains("'<f4'") || header.contains("'fortran_order': True")) throw new IllegalStateException("not C-order <f4: " + header);
      String sh = header.substring(header.indexOf("'shape': (") + 10);
      sh = sh.substring(0, sh.indexOf(')'));
      int[] shape = Arrays.stream(sh.split(",")).map(String::trim).filter(x -> !x.isEmpty()).mapToInt(Integer::parseInt).toArray();
      int n = 1;
      for (int d : shape) n *= d;
      float[] data = new float[n];
      ByteBuffer.wrap(b, 10 + headerLen, n * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      return new Npy(shape, data);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
