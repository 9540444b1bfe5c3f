package io.themachine.core.internal.registry;

import io.themachine.core.LibrarianException;
import io.themachine.core.LibrarianException.Reason;
import io.themachine.core.internal.registry.Rows.ArtifactRow;
import io.themachine.core.internal.registry.Rows.JobRow;
import io.themachine.core.internal.registry.Rows.MetricRow;
import io.themachine.core.internal.registry.Rows.RecordingRow;
import io.themachine.core.internal.registry.Rows.StepCommit;
import io.themachine.core.internal.registry.Rows.StepRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;

/**
 * The registry in one SQLite file: WAL journal, {@code synchronous=FULL}, a busy timeout, foreign
 * keys on. Migrations run once, in one {@code BEGIN EXCLUSIVE} transaction, so two processes
 * opening a new library at the same moment both succeed: the second waits, then finds the schema
 * current. One connection serves this process; statements are serialized on it.
 */
public final class SqliteRegistry implements Registry {
  /** Schema versions, in order; each is a resource {@code V<n>__*.sql} beside this class. */
  private static final List<String> MIGRATIONS = List.of("V1__init.sql", "V2__vault.sql");
  static final int BUSY_TIMEOUT_MS = 30_000;

  private final Connection db;
  private final boolean readOnly;

  private SqliteRegistry(Connection db, boolean readOnly) {
    this.db = db;
    this.readOnly = readOnly;
  }

  /** Opens (creating and migrating when writable) the registry at {@code file}. */
  public static SqliteRegistry open(Path file, boolean readOnly) {
    SQLiteConfig cfg = new SQLiteConfig();
    cfg.setBusyTimeout(BUSY_TIMEOUT_MS);
    cfg.enforceForeignKeys(true);
    cfg.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    if (readOnly) {
      cfg.setReadOnly(true);
    } else {
      cfg.setJournalMode(SQLiteConfig.JournalMode.WAL);
    }
    Connection c = null;
    try {
      // A read-only library may sit on a read-only file system, where SQLite cannot create the WAL's
      // shared-memory file: open it immutable (nobody can write it there anyway).
      String url = readOnly ? "jdbc:sqlite:file:" + file.toAbsolutePath().toUri().getRawPath() + "?immutable=1"
          : "jdbc:sqlite:" + file.toAbsolutePath();
      if (readOnly) cfg.setOpenMode(org.sqlite.SQLiteOpenMode.OPEN_URI);
      c = cfg.createConnection(url);
      SqliteRegistry r = new SqliteRegistry(c, readOnly);
      if (!readOnly) r.migrate();
      else r.checkVersion();
      return r;
    } catch (SQLException e) {
      if (c != null) try { c.close(); } catch (SQLException ignored) { }
      throw new LibrarianException(
          readOnly ? Reason.READ_ONLY : Reason.REGISTRY,
          "cannot open the registry database: " + sqlReason(e), e);
    }
  }

  /** SQLite's message without anything that could carry a path. */
  static String sqlReason(SQLException e) {
    String m = String.valueOf(e.getMessage());
    int i = m.indexOf(" (");
    return (i > 0 ? m.substring(0, i) : m).replaceAll("/[^\\s)]*", "<path>");
  }

  private void migrate() throws SQLException {
    boolean auto = db.getAutoCommit();
    db.setAutoCommit(true);
    try (Statement s = db.createStatement()) {
      // The usual case: the schema is current, and no lock is needed to see it.
      if (userVersion(s) == MIGRATIONS.size()) return;
      s.execute("BEGIN EXCLUSIVE");
      try {
        int version = userVersion(s);
        if (version > MIGRATIONS.size()) {
          throw new LibrarianException(Reason.NEWER_FORMAT,
              "this library was written by a newer SDK (schema " + version + ", this SDK knows " + MIGRATIONS.size() + ")");
        }
        for (int v = version; v < MIGRATIONS.size(); v++) {
          for (String stmt : statements(MIGRATIONS.get(v))) s.execute(stmt);
          s.execute("PRAGMA user_version = " + (v + 1));
        }
        s.execute("COMMIT");
      } catch (SQLException | RuntimeException e) {
        try { s.execute("ROLLBACK"); } catch (SQLException ignored) { }
        throw e;
      }
    } finally {
      db.setAutoCommit(auto);
    }
  }

  private void checkVersion() throws SQLException {
    try (Statement s = db.createStatement()) {
      int v = userVersion(s);
      if (v == 0) throw new LibrarianException(Reason.NOT_A_LIBRARY, "the registry has no schema");
      if (v > MIGRATIONS.size()) {
        throw new LibrarianException(Reason.NEWER_FORMAT, "this library was written by a newer SDK (schema " + v + ")");
      }
    }
  }

  private static int userVersion(Statement s) throws SQLException {
    try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  private static List<String> statements(String resource) {
    try (InputStream in = SqliteRegistry.class.getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException("missing migration " + resource);
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>();
      StringBuilder cur = new StringBuilder();
      for (String line : sql.split("\n")) {
        int dash = line.indexOf("--");
        String code = dash >= 0 ? line.substring(0, dash) : line;
        cur.append(code).append('\n');
        if (code.trim().endsWith(";")) {
          out.add(cur.toString().trim());
          cur.setLength(0);
        }
      }
      if (!cur.toString().isBlank()) out.add(cur.toString().trim());
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read migration " + resource, e);
    }
  }

  // ---- helpers -------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Sql<T> {
    T run() throws SQLException;
  }

  private synchronized <T> T sql(String what, Sql<T> body) {
    try {
      return body.run();
    } catch (SQLException e) {
      if (readOnly && e.getMessage() != null && e.getMessage().contains("READONLY")) {
        throw new LibrarianException(Reason.READ_ONLY, "the library is read-only: " + what + " needs write access", e);
      }
      throw new LibrarianException(Reason.REGISTRY, "registry " + what + " failed: " + sqlReason(e), e);
    }
  }

  private synchronized void tx(String what, Sql<Void> body) {
    sql(what, () -> {
      db.setAutoCommit(false);
      try {
        body.run();
        db.commit();
      } catch (SQLException | RuntimeException e) {
        db.rollback();
        throw e;
      } finally {
        db.setAutoCommit(true);
      }
      return null;
    });
  }

  private static void bind(PreparedStatement ps, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) ps.setNull(i + 1, Types.NULL);
      else if (a instanceof Long l) ps.setLong(i + 1, l);
      else if (a instanceof Integer n) ps.setInt(i + 1, n);
      else if (a instanceof Double d) ps.setDouble(i + 1, d);
      else if (a instanceof Boolean b) ps.setInt(i + 1, b ? 1 : 0);
      else ps.setString(i + 1, a.toString());
    }
  }

  private int update(String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      return ps.executeUpdate();
    }
  }

  @FunctionalInterface
  private interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private <T> List<T> query(String sql, RowMapper<T> m, Object... args) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, args);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) out.add(m.map(rs));
        return out;
      }
    }
  }

  private static Long longOrNull(ResultSet rs, String col) throws SQLException {
    long v = rs.getLong(col);
    return rs.wasNull() ? null : v;
  }

  private static ArtifactRow artifactRow(ResultSet rs) throws SQLException {
    return new ArtifactRow(rs.getString("id"), rs.getString("kind"), rs.getString("path"), rs.getLong("size"),
        rs.getString("media"), rs.getString("labels"), rs.getString("created_job"), rs.getLong("created_at"));
  }

  private static RecordingRow recordingRow(ResultSet rs) throws SQLException {
    int tags = rs.getInt("had_tags");
    Boolean hadTags = rs.wasNull() ? null : tags != 0;
    return new RecordingRow(rs.getString("artifact_id"), rs.getString("pseudonym"), rs.getString("stored_as"),
        hadTags, rs.getString("group_id"), rs.getString("role"), rs.getString("ingest_job"), rs.getLong("ingested_at"));
  }

  private static JobRow jobRow(ResultSet rs) throws SQLException {
    return new JobRow(rs.getString("id"), rs.getString("run_id"), rs.getString("step_name"), rs.getString("extension"),
        rs.getString("version"), rs.getString("params"), rs.getString("step_key"), rs.getString("inputs"),
        rs.getString("state"), rs.getLong("queued_at"), longOrNull(rs, "started_at"), longOrNull(rs, "finished_at"),
        rs.getString("error"));
  }

  private static StepRow stepRow(ResultSet rs) throws SQLException {
    return new StepRow(rs.getString("step_key"), rs.getString("job_id"), rs.getString("extension"),
        rs.getString("version"), rs.getString("params"), rs.getString("tool_versions"), rs.getLong("completed_at"));
  }

  private void insertArtifact(ArtifactRow a) throws SQLException {
    update("INSERT OR IGNORE INTO artifacts(id, kind, path, size, media, labels, created_job, created_at) VALUES (?,?,?,?,?,?,?,?)",
        a.id(), a.kind(), a.path(), a.size(), a.media(), a.labels(), a.createdJob(), a.createdAt());
  }

  // ---- API -----------------------------------------------------------------------------------

  @Override
  public Optional<ArtifactRow> artifact(String id) {
    return sql("artifact lookup", () ->
        query("SELECT * FROM artifacts WHERE id = ?", SqliteRegistry::artifactRow, id).stream().findFirst());
  }

  @Override
  public void forEachArtifact(Consumer<ArtifactRow> each) {
    sql("artifact listing", () -> {
      try (PreparedStatement ps = db.prepareStatement("SELECT * FROM artifacts ORDER BY created_at, id")) {
        ps.setFetchSize(256);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) each.accept(artifactRow(rs));
        }
      }
      return null;
    });
  }

  @Override
  public long countArtifacts() {
    return sql("artifact count", () -> query("SELECT count(*) FROM artifacts", rs -> rs.getLong(1)).get(0));
  }

  @Override
  public long countRecordings() {
    return sql("recording count", () -> query("SELECT count(*) FROM recordings", rs -> rs.getLong(1)).get(0));
  }

  @Override
  public boolean insertRecording(ArtifactRow artifact, RecordingRow r) {
    boolean[] created = {false};
    tx("recording insert", () -> {
      insertArtifact(artifact);
      created[0] = update("INSERT OR IGNORE INTO recordings(artifact_id, pseudonym, stored_as, had_tags, group_id, role, ingest_job, ingested_at) VALUES (?,?,?,?,?,?,?,?)",
          r.artifactId(), r.pseudonym(), r.storedAs(), r.hadTags(), r.groupId(), r.role(), r.ingestJob(), r.ingestedAt()) == 1;
      return null;
    });
    return created[0];
  }

  @Override
  public void ensureGroup(String groupId, long at) {
    sql("group insert", () -> update("INSERT OR IGNORE INTO call_groups(id, created_at) VALUES (?, ?)", groupId, at));
  }

  @Override
  public Optional<RecordingRow> recording(String artifactId) {
    return sql("recording lookup", () ->
        query("SELECT * FROM recordings WHERE artifact_id = ?", SqliteRegistry::recordingRow, artifactId).stream().findFirst());
  }

  @Override
  public List<RecordingRow> recordings() {
    return sql("recording listing", () ->
        query("SELECT * FROM recordings ORDER BY ingested_at, artifact_id", SqliteRegistry::recordingRow));
  }

  @Override
  public Optional<String> memo(String fileKey, long size, long mtimeNs) {
    return sql("memo lookup", () -> query(
        "SELECT artifact_id FROM hash_memo WHERE file_key = ? AND size = ? AND mtime_ns = ?",
        rs -> rs.getString(1), fileKey, size, mtimeNs).stream().findFirst());
  }

  @Override
  public void putMemo(String fileKey, long size, long mtimeNs, String artifactId) {
    sql("memo insert", () -> update(
        "INSERT OR REPLACE INTO hash_memo(file_key, size, mtime_ns, artifact_id) VALUES (?,?,?,?)",
        fileKey, size, mtimeNs, artifactId));
  }

  @Override
  public void insertJobs(List<JobRow> jobs) {
    if (jobs.isEmpty()) return;
    tx("job insert", () -> {
      try (PreparedStatement ps = db.prepareStatement(
          "INSERT INTO jobs(id, run_id, step_name, extension, version, params, step_key, inputs, state, queued_at, started_at, finished_at, error) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
        for (JobRow j : jobs) {
          bind(ps, j.id(), j.runId(), j.stepName(), j.extension(), j.version(), j.params(), j.stepKey(), j.inputs(),
              j.state(), j.queuedAt(), j.startedAt(), j.finishedAt(), j.error());
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void startJob(String jobId, long at) {
    sql("job start", () -> update("UPDATE jobs SET state = 'running', started_at = ? WHERE id = ?", at, jobId));
  }

  @Override
  public void finishJob(String jobId, String state, long at, String error) {
    sql("job finish", () -> update(
        "UPDATE jobs SET state = ?, finished_at = ?, error = ?, started_at = coalesce(started_at, ?) WHERE id = ?",
        state, at, error, at, jobId));
  }

  @Override
  public Optional<JobRow> job(String id) {
    return sql("job lookup", () -> query("SELECT * FROM jobs WHERE id = ?", SqliteRegistry::jobRow, id).stream().findFirst());
  }

  @Override
  public int failInterruptedJobs(String error, long at) {
    return sql("job recovery", () -> update(
        "UPDATE jobs SET state = 'failed', error = ?, finished_at = ? WHERE state IN ('queued', 'running')", error, at));
  }

  @Override
  public Optional<StepRow> step(String stepKey) {
    return sql("step lookup", () ->
        query("SELECT * FROM steps WHERE step_key = ?", SqliteRegistry::stepRow, stepKey).stream().findFirst());
  }

  @Override
  public List<String> stepOutputs(String stepKey) {
    return sql("step outputs", () -> query(
        "SELECT artifact_id FROM step_outputs WHERE step_key = ? ORDER BY ordinal", rs -> rs.getString(1), stepKey));
  }

  @Override
  public Optional<StepRow> producingStep(String artifactId) {
    return sql("lineage lookup", () -> query(
        "SELECT s.* FROM step_outputs o JOIN steps s ON s.step_key = o.step_key WHERE o.artifact_id = ? ORDER BY s.completed_at LIMIT 1",
        SqliteRegistry::stepRow, artifactId).stream().findFirst());
  }

  @Override
  public List<String> parents(String artifactId) {
    return sql("parents lookup", () -> query(
        "SELECT parent_id FROM artifact_parents WHERE artifact_id = ? ORDER BY ordinal", rs -> rs.getString(1), artifactId));
  }

  @Override
  public List<MetricRow> metrics(String artifactId) {
    return sql("metrics lookup", () -> query(
        "SELECT m.* FROM metrics m JOIN steps s ON s.step_key = m.step_key WHERE m.artifact_id = ? ORDER BY s.completed_at, m.name",
        rs -> {
          double v = rs.getDouble("value");
          Double value = rs.wasNull() ? null : v;
          return new MetricRow(rs.getString("artifact_id"), rs.getString("name"), rs.getString("step_key"), value, rs.getString("json"));
        }, artifactId));
  }

  @Override
  public void commitStep(StepCommit c, String jobState, long at) {
    tx("step commit", () -> {
      for (ArtifactRow a : c.artifacts()) insertArtifact(a);
      int ord = 0;
      for (String[] p : c.parents()) {
        update("INSERT OR IGNORE INTO artifact_parents(artifact_id, parent_id, ordinal) VALUES (?,?,?)", p[0], p[1], ord++);
      }
      StepRow s = c.step();
      update("INSERT OR REPLACE INTO steps(step_key, job_id, extension, version, params, tool_versions, completed_at) VALUES (?,?,?,?,?,?,?)",
          s.stepKey(), s.jobId(), s.extension(), s.version(), s.params(), s.toolVersions(), s.completedAt());
      update("DELETE FROM step_outputs WHERE step_key = ?", s.stepKey());
      int i = 0;
      for (ArtifactRow a : c.artifacts()) {
        update("INSERT INTO step_outputs(step_key, ordinal, artifact_id) VALUES (?,?,?)", s.stepKey(), i++, a.id());
      }
      update("DELETE FROM metrics WHERE step_key = ?", s.stepKey());
      for (MetricRow m : c.metrics()) {
        update("INSERT OR REPLACE INTO metrics(artifact_id, name, step_key, value, json) VALUES (?,?,?,?,?)",
            m.artifactId(), m.name(), m.stepKey(), m.value(), m.json());
      }
      update("UPDATE jobs SET state = ?, finished_at = ?, error = NULL WHERE id = ?", jobState, at, s.jobId());
      return null;
    });
  }

  @Override
  public void insertRun(String id, String pipelineHash, long at) {
    sql("run insert", () -> update(
        "INSERT INTO runs(id, pipeline, state, started_at) VALUES (?,?,'running',?)", id, pipelineHash, at));
  }

  @Override
  public void finishRun(String id, String state, String counts, long at) {
    sql("run finish", () -> update(
        "UPDATE runs SET state = ?, counts = ?, finished_at = ? WHERE id = ?", state, counts, at, id));
  }

  @Override
  public Map<String, Long> jobCounts() {
    return sql("job counts", () -> {
      Map<String, Long> m = new LinkedHashMap<>();
      for (var row : query("SELECT state, count(*) FROM jobs GROUP BY state ORDER BY state",
          rs -> Map.entry(rs.getString(1), rs.getLong(2)))) {
        m.put(row.getKey(), row.getValue());
      }
      return m;
    });
  }

  @Override
  public String integrityCheck() {
    return sql("integrity check", () -> String.join("; ", query("PRAGMA integrity_check", rs -> rs.getString(1))));
  }

  @Override
  public boolean isReferenced(String artifactId) {
    return sql("reference check", () -> !query(
        "SELECT 1 FROM artifacts WHERE id = ? LIMIT 1", rs -> 1, artifactId).isEmpty());
  }

  @Override
  public void insertVault(String artifactId, byte[] nonce, byte[] sealed) {
    sql("vault insert", () -> {
      try (PreparedStatement ps = db.prepareStatement("INSERT INTO vault(artifact_id, nonce, sealed) VALUES (?,?,?)")) {
        ps.setString(1, artifactId);
        ps.setBytes(2, nonce);
        ps.setBytes(3, sealed);
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<byte[][]> vault(String artifactId) {
    return sql("vault lookup", () -> query("SELECT nonce, sealed FROM vault WHERE artifact_id = ? ORDER BY rowid",
        rs -> new byte[][] {rs.getBytes(1), rs.getBytes(2)}, artifactId));
  }

  @Override
  public synchronized void close() {
    try {
      if (!db.isClosed()) {
        if (!readOnly) {
          try (Statement s = db.createStatement()) {
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
          } catch (SQLException ignored) {
            // another connection may hold the WAL; SQLite checkpoints later
          }
        }
        db.close();
      }
    } catch (SQLException e) {
      throw new LibrarianException(Reason.REGISTRY, "closing the registry failed: " + sqlReason(e), e);
    }
  }
}
