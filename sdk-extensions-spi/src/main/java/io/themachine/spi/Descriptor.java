package io.themachine.spi;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an extension is, without running it: its id, version, the artifact kinds it consumes and
 * produces, its scope and its typed parameters with their defaults.
 *
 * <pre>{@code
 * Descriptor.of("loudness.normalize", "1.0.0", NormalizeParams.DEFAULTS)
 *     .consumes(ArtifactKind.RECORDING, ArtifactKind.AUDIO)
 *     .produces(ArtifactKind.AUDIO)
 *     .summary("Two-pass loudness normalization with a true-peak limiter");
 * }</pre>
 *
 * @param id         lower-case id, dotted by area ({@code loudness.normalize}) or one word ({@code separate})
 * @param version    bumped whenever output may change; part of every step key
 * @param consumes   artifact kinds it accepts as input (empty: it takes no input artifact)
 * @param produces   artifact kinds it may create (empty: it only attaches metrics)
 * @param scope      what one run covers
 * @param paramsType the parameter record's class
 * @param defaults   the parameters used where a pipeline says nothing
 * @param summary    one line for listings
 */
public record Descriptor<P extends Record>(
    String id,
    SemanticVersion version,
    Set<ArtifactKind> consumes,
    Set<ArtifactKind> produces,
    Scope scope,
    Class<P> paramsType,
    P defaults,
    String summary) {
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*");

  public Descriptor {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("extension id must be dotted lower case like 'loudness.normalize' (or one word like 'separate'): " + id);
    }
    Objects.requireNonNull(version, "version");
    consumes = Set.copyOf(new LinkedHashSet<>(consumes));
    produces = Set.copyOf(new LinkedHashSet<>(produces));
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(paramsType, "paramsType");
    Objects.requireNonNull(defaults, "defaults");
    if (!paramsType.isInstance(defaults)) throw new IllegalArgumentException("defaults are not a " + paramsType);
    summary = summary == null ? "" : summary;
  }

  /** A per-recording descriptor consuming and producing nothing yet; refine with the withers. */
  @SuppressWarnings("unchecked")
  public static <P extends Record> Descriptor<P> of(String id, String version, P defaults) {
    return new Descriptor<>(
        id, SemanticVersion.parse(version), Set.of(), Set.of(), Scope.RECORDING,
        (Class<P>) defaults.getClass(), defaults, "");
  }

  public Descriptor<P> consumes(ArtifactKind... kinds) {
    return new Descriptor<>(id, version, Set.of(kinds), produces, scope, paramsType, defaults, summary);
  }

  public Descriptor<P> produces(ArtifactKind... kinds) {
    return new Descriptor<>(id, version, consumes, Set.of(kinds), scope, paramsType, defaults, summary);
  }

  public Descriptor<P> scope(Scope s) {
    return new Descriptor<>(id, version, consumes, produces, s, paramsType, defaults, summary);
  }

  public Descriptor<P> summary(String text) {
    return new Descriptor<>(id, version, consumes, produces, scope, paramsType, defaults, text);
  }

  @Override
  public String toString() {
    return id + "@" + version + " " + consumes + " -> " + produces + " per " + scope.name().toLowerCase();
  }
}
