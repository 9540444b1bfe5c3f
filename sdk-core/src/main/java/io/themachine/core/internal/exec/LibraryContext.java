package io.themachine.core.internal.exec;

import io.themachine.core.LibraryOptions;
import io.themachine.core.internal.privacy.Pseudonyms;
import io.themachine.core.internal.privacy.Vault;
import io.themachine.core.internal.registry.Registry;
import io.themachine.core.internal.store.ContentStore;
import java.nio.file.Path;

/** What the librarian's internals share: the folder, registry, store, pseudonyms, extensions and media services. */
public record LibraryContext(Path root, Registry registry, ContentStore store, Pseudonyms pseudonyms, Vault vault,
    ExtensionCatalog extensions, MediaServices media, LibraryOptions options) {

  public Path scratchRoot() {
    return root.resolve("cache").resolve("scratch");
  }
}
