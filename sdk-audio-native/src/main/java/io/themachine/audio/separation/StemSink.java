package io.themachine.audio.separation;

/**
 * Receives separated stems block by block, in order, all stems together:
 * {@code stems[s][c][0 .. frames)} is the next {@code frames} frames of stem {@code s} (the order of
 * {@link ModelSeparation#stems(ModelOptions)}), channel {@code c}, at the model's rate. The arrays are
 * reused after the call returns; copy what you keep.
 */
@FunctionalInterface
public interface StemSink {
  void accept(float[][][] stems, int frames);
}
