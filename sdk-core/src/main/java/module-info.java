/**
 * The librarian: opens a library folder, ingests recordings into a content-addressed store, runs
 * pipelines of extensions with a step cache, records lineage in an SQLite registry and exports
 * JSONL manifests.
 */
module io.themachine.core {
  requires transitive io.themachine.spi;
  requires org.slf4j;
  requires tools.jackson.databind;
  requires tools.jackson.dataformat.yaml;
  requires java.sql;
  requires org.xerial.sqlitejdbc;

  exports io.themachine.core;
  exports io.themachine.core.artifact;
  exports io.themachine.core.job;
  exports io.themachine.core.pipeline;
  exports io.themachine.core.manifest;

  uses io.themachine.spi.Extension;
  uses io.themachine.spi.audio.MediaProbe;
  uses io.themachine.spi.audio.AudioDecoder;
  uses io.themachine.spi.audio.AudioEncoder;
}
