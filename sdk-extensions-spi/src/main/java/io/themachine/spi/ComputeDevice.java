package io.themachine.spi;

/**
 * Where a pipeline prefers heavy work to run. Extensions that have more than one backend honour it
 * and record which backend really ran; a fallback is logged and recorded with its reason, never
 * silent.
 */
public enum ComputeDevice {
  /** The CPU kernels (scalar or Vector API). */
  CPU,
  /** The CUDA kernels; an extension that cannot use them fails or falls back with a recorded reason. */
  CUDA,
  /** CUDA when available, else the CPU, and the choice is recorded. */
  AUTO
}
