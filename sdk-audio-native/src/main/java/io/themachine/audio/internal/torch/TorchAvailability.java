package io.themachine.audio.internal.torch;

import io.themachine.audio.separation.ModelException;
import io.themachine.spi.Availability;
import java.io.InputStream;
import java.util.Properties;

/**
 * Whether bytedeco PyTorch (libtorch, CPU) is usable here. Probed once, by class name, so this class
 * and everything that asks it first loads without the jars. Never throws.
 * {@code -Dthemachine.torch=off} switches the model tier off on purpose.
 */
public final class TorchAvailability {
  private TorchAvailability() {}

  static final String NATIVES = "io.themachine.audio.internal.torch.TorchNatives";
  static final String GRAPH = "io.themachine.audio.internal.torch.TorchGraph";

  private static final class Holder {
    static final Availability STATE = probe(System.getProperty("themachine.torch", ""), TorchAvailability.class.getClassLoader());
  }

  /** The probe's verdict, computed on first call; loads no native code. */
  public static Availability availability() {
    return Holder.STATE;
  }

  /** Loads libtorch on first use and throws {@link ModelException} with the reason when it cannot run. */
  public static void require(String subject) {
    if (!Holder.STATE.available()) throw new ModelException(Holder.STATE.reason() + ", " + subject);
    String failure = Natives.FAILURE;
    if (failure != null) throw new ModelException(failure + ", " + subject);
  }

  private static final class Natives {
    static final String FAILURE = load();

    private static String load() {
      try {
        Class<?> natives = Class.forName(NATIVES, true, TorchAvailability.class.getClassLoader());
        natives.getMethod("load").invoke(null);
        return null;
      } catch (java.lang.reflect.InvocationTargetException e) {
        return "libtorch failed to load: " + describe(e.getCause());
      } catch (Throwable t) {
        return "libtorch failed to load: " + describe(t);
      }
    }
  }

  /** The probe for a given switch value and class loader; package-private for tests. */
  static Availability probe(String switchValue, ClassLoader loader) {
    try {
      if ("off".equalsIgnoreCase(switchValue)) {
        return Availability.unavailable("switched off with -Dthemachine.torch=off");
      }
      try {
        Class.forName("org.bytedeco.javacpp.Loader", false, loader);
        Class.forName("org.bytedeco.openblas.global.openblas", false, loader);
        Class.forName("org.bytedeco.pytorch.global.torch", false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        return Availability.unavailable(
            "PyTorch jars not on the path: add org.bytedeco:pytorch and org.bytedeco:openblas with their"
                + " linux-x86_64 classifiers (on the module path also --add-modules org.bytedeco.pytorch)");
      }
      return Availability.ok("libtorch " + jarVersion(loader) + " (bytedeco, CPU; native libraries load on first use)");
    } catch (Throwable t) {
      return Availability.unavailable("PyTorch probe failed: " + describe(t));
    }
  }

  static String jarVersion(ClassLoader loader) {
    try {
      Class<?> c = Class.forName("org.bytedeco.pytorch.global.torch", false, loader);
      try (InputStream in = c.getResourceAsStream("/META-INF/maven/org.bytedeco/pytorch/pom.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          return p.getProperty("version", "unknown");
        }
      }
    } catch (Exception | LinkageError ignored) {
      // fall through
    }
    return "unknown";
  }

  // The class and first line only: a loader message may name a cache path, never a user file.
  static String describe(Throwable t) {
    if (t == null) return "unknown";
    String m = String.valueOf(t.getMessage());
    int nl = m.indexOf('\n');
    return t.getClass().getSimpleName() + ": " + (nl >= 0 ? m.substring(0, nl) : m);
  }
}
