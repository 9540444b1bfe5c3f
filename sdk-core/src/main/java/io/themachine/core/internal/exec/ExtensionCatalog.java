package io.themachine.core.internal.exec;

import io.themachine.core.ExtensionInfo;
import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.spi.Availability;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The extensions a library can run: those given explicitly, plus those {@link ServiceLoader}
 * finds through the given class loader (module path and class path alike). Two with one id are an
 * error naming both providers.
 */
public final class ExtensionCatalog {
  private final Map<String, Extension<?>> byId;

  private ExtensionCatalog(Map<String, Extension<?>> byId) {
    this.byId = byId;
  }

  public static ExtensionCatalog discover(ClassLoader loader, Collection<? extends Extension<?>> explicit,
      boolean useServiceLoader) {
    Map<String, Extension<?>> found = new TreeMap<>();
    for (Extension<?> e : explicit) add(found, e);
    if (useServiceLoader) {
      @SuppressWarnings({"rawtypes", "unchecked"})
      ServiceLoader<Extension> sl = ServiceLoader.load(Extension.class, loader);
      var it = sl.stream().iterator();
      while (true) {
        ServiceLoader.Provider<?> p;
        try {
          if (!it.hasNext()) break;
          p = it.next();
        } catch (ServiceConfigurationError e) {
          throw new LibrarianException(Reason.EXTENSIONS, "an extension provider cannot be loaded: " + e.getMessage(), e);
        }
        Extension<?> ext;
        try {
          ext = (Extension<?>) p.get();
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
          throw new LibrarianException(Reason.EXTENSIONS,
              "extension provider " + p.type().getName() + " failed to construct: " + e, e);
        }
        add(found, ext);
      }
    }
    return new ExtensionCatalog(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(found)));
  }

  private static void add(Map<String, Extension<?>> found, Extension<?> e) {
    Descriptor<?> d;
    try {
      d = e.descriptor();
    } catch (RuntimeException ex) {
      throw new LibrarianException(Reason.EXTENSIONS, "extension " + e.getClass().getName() + " has no valid descriptor: " + ex.getMessage(), ex);
    }
    Extension<?> prior = found.get(d.id());
    if (prior != null) {
      if (prior.getClass() == e.getClass()) return; // the same provider seen through two paths
      throw new LibrarianException(Reason.EXTENSIONS, "two extensions have the id '" + d.id() + "': "
          + prior.getClass().getName() + " and " + e.getClass().getName() + "; remove one from the path");
    }
    found.put(d.id(), e);
  }

  public Optional<Extension<?>> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  public Collection<Extension<?>> all() {
    return byId.values();
  }

  public List<ExtensionInfo> describe() {
    List<ExtensionInfo> out = new ArrayList<>();
    for (Extension<?> e : byId.values()) {
      Descriptor<?> d = e.descriptor();
      Availability a;
      try {
        a = e.availability();
      } catch (RuntimeException | LinkageError ex) {
        a = Availability.unavailable("availability probe threw " + ex.getClass().getSimpleName());
      }
      out.add(new ExtensionInfo(d.id(), d.version().toString(), d.consumes(), d.produces(), d.scope(), d.summary(),
          ParamBinder.describe(d), a, e.getClass().getName()));
    }
    return out;
  }
}
