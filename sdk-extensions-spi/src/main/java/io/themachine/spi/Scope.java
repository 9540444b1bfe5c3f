package io.themachine.spi;

/** What one run of an extension covers. */
public enum Scope {
  /** One run per recording (or per artifact derived from one): the usual case. */
  RECORDING,
  /** One run per call group: the left, right and mixed files of one phone call together. */
  CALL_GROUP,
  /** One run over the whole library. */
  LIBRARY
}
