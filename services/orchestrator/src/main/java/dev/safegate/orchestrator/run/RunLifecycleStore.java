package dev.safegate.orchestrator.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.proto.v1.RunEvent;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The orchestrator's runs in PostgreSQL, from planning to registry write-back (the results service keeps its own
 * table of a run's verdict progress and decision: RunProgressStore). Plain JDBC: a handful of statements, each its
 * own transaction.
 */
@Singleton
public class RunLifecycleStore {
    private static final String COLUMNS = "id, model, model_version, role, plan_hash, plan_json, generation,"
            + " baseline_run_id, baseline_version, status, trigger, expected_tasks, tasks_published, decision,"
            + " reasons, report_url, failure, writeback, writeback_attempts, writeback_error, created_at,"
            + " updated_at, started_at, finished_at";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final DataSource dataSource;

    public RunLifecycleStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a planned run; empty when a run with the same identity exists already (a concurrent request won). */
    public Optional<Run> insert(NewRun run) {
        String sql = "insert into runs (id, model, model_version, role, plan_hash, plan_json, generation,"
                + " baseline_run_id, baseline_version, status, trigger) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PLANNED', ?)"
                + " on conflict (model, model_version, plan_hash, role, generation) do nothing returning " + COLUMNS;
        return queryOne(sql, run.id(), run.model(), run.modelVersion(), run.role().name(), run.planHash(),
                run.planJson(), run.generation(), run.baselineRunId(), run.baselineVersion(), run.trigger());
    }

    public Optional<Run> find(String id) {
        return queryOne("select " + COLUMNS + " from runs where id = ?", id);
    }

    /** The latest run of this version, plan and role (highest generation). */
    public Optional<Run> latest(String model, String version, String planHash, RunEvent.Role role) {
        return queryOne("select " + COLUMNS + " from runs where model = ? and model_version = ? and plan_hash = ?"
                + " and role = ? order by generation desc limit 1", model, version, planHash, role.name());
    }

    /** A run of this version and plan, in any role, that completed or may still complete: a baseline to reuse. */
    public Optional<Run> usableBaseline(String model, String version, String planHash) {
        return queryOne("select " + COLUMNS + " from runs where model = ? and model_version = ? and plan_hash = ?"
                + " and status in ('PLANNED', 'RUNNING', 'COMPLETED')"
                + " order by (status = 'COMPLETED') desc, created_at desc limit 1", model, version, planHash);
    }

    /** The most recently evaluated other version of a model (the baseline rule for unnumbered versions). */
    public Optional<String> previousVersion(String model, String version) {
        return queryStrings("select model_version from runs where model = ? and model_version <> ?"
                + " and role = 'CANDIDATE' order by created_at desc limit 1", model, version).stream().findFirst();
    }

    public RunPage list(String model, RunStatus status, int page, int size) {
        String filter = " where (?::text is null or model = ?) and (?::text is null or status = ?)";
        String statusName = status == null ? null : status.name();
        long total = queryLong("select count(*) from runs" + filter, model, model, statusName, statusName);
        List<Run> runs = queryList("select " + COLUMNS + " from runs" + filter
                + " order by created_at desc, id limit ? offset ?",
                model, model, statusName, statusName, size, (long) page * size);
        return new RunPage(runs, page, size, total);
    }

    /** Runs recorded but not fully published, oldest first: what a restart must publish. */
    public List<String> unpublished() {
        return queryStrings("select id from runs where status = 'PLANNED' order by created_at");
    }

    public void setExpectedTasks(String id, long expected) {
        update("update runs set expected_tasks = ?, updated_at = now() where id = ?", expected, id);
    }

    /** PLANNED -> RUNNING once every task is on Kafka; false if the run was cancelled meanwhile. */
    public boolean markPublished(String id) {
        return update("update runs set tasks_published = true, status = 'RUNNING', started_at = now(),"
                + " updated_at = now() where id = ? and status = 'PLANNED'", id) == 1;
    }

    /** Fails a run that has not finished; false if it had. */
    public boolean fail(String id, String reason) {
        return update("update runs set status = 'FAILED', failure = ?, finished_at = now(), updated_at = now()"
                + " where id = ? and status in ('PLANNED', 'RUNNING')", reason, id) == 1;
    }

    /** Cancels a run that has not finished; false if it had. */
    public boolean cancel(String id) {
        return update("update runs set status = 'CANCELLED', finished_at = now(), updated_at = now()"
                + " where id = ? and status in ('PLANNED', 'RUNNING')", id) == 1;
    }

    /**
     * Records the results service's outcome once: a redelivered event, or one for a run that has finished
     * otherwise (cancelled), changes nothing and returns false.
     */
    public boolean recordOutcome(String id, RunStatus status, String decision, List<String> reasons, String reportUrl,
            String failure, boolean writeBack) {
        return update("update runs set status = ?, decision = ?, reasons = ?, report_url = ?, failure = ?,"
                + " writeback = ?, writeback_next_at = case when ? then now() end,"
                + " finished_at = now(), updated_at = now() where id = ? and status in ('PLANNED', 'RUNNING')",
                status.name(), decision, json(reasons), reportUrl, failure,
                (writeBack ? Writeback.PENDING : Writeback.NONE).name(), writeBack, id) == 1;
    }

    /** Runs whose decision waits to be written to the registry and whose next attempt is due. */
    public List<Run> writebacksDue() {
        return queryList("select " + COLUMNS + " from runs where writeback = 'PENDING' and writeback_next_at <= now()"
                + " order by writeback_next_at limit 100", new Object[0]);
    }

    public void writebackDone(String id) {
        update("update runs set writeback = 'DONE', writeback_attempts = writeback_attempts + 1,"
                + " writeback_error = null, writeback_next_at = null, updated_at = now() where id = ?", id);
    }

    /** Counts a failed attempt; gives up (FAILED) after {@code maxAttempts}, else retries after {@code delay}. */
    public void writebackFailed(String id, String error, int maxAttempts, Duration delay) {
        update("update runs set writeback_attempts = writeback_attempts + 1, writeback_error = ?,"
                + " writeback = case when writeback_attempts + 1 >= ? then 'FAILED' else 'PENDING' end,"
                + " writeback_next_at = now() + ? * interval '1 millisecond', updated_at = now() where id = ?",
                error, maxAttempts, delay.toMillis(), id);
    }

    private Optional<Run> queryOne(String sql, Object... params) {
        List<Run> runs = queryList(sql, params);
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.getFirst());
    }

    private List<Run> queryList(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            List<Run> runs = new ArrayList<>();
            while (rows.next()) {
                runs.add(run(rows));
            }
            return runs;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private List<String> queryStrings(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private long queryLong(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("query failed: " + sql, e);
        }
    }

    private int update(String sql, Object... params) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = prepare(connection, sql, params)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("update failed: " + sql, e);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... params) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            statement.setObject(i + 1, params[i]);
        }
        return statement;
    }

    private static Run run(ResultSet row) throws SQLException {
        return new Run(
                row.getString("id"),
                row.getString("model"),
                row.getString("model_version"),
                RunEvent.Role.valueOf(row.getString("role")),
                row.getString("plan_hash"),
                row.getString("plan_json"),
                row.getInt("generation"),
                row.getString("baseline_run_id"),
                row.getString("baseline_version"),
                RunStatus.valueOf(row.getString("status")),
                row.getString("trigger"),
                row.getObject("expected_tasks", Long.class),
                row.getBoolean("tasks_published"),
                row.getString("decision"),
                strings(row.getString("reasons")),
                row.getString("report_url"),
                row.getString("failure"),
                Writeback.valueOf(row.getString("writeback")),
                row.getInt("writeback_attempts"),
                row.getString("writeback_error"),
                instant(row.getTimestamp("created_at")),
                instant(row.getTimestamp("updated_at")),
                instant(row.getTimestamp("started_at")),
                instant(row.getTimestamp("finished_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String json(List<String> values) {
        try {
            return values == null ? null : JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static List<String> strings(String json) {
        try {
            return json == null ? List.of() : JSON.readValue(json, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reasons column is not a JSON list: " + json, e);
        }
    }
}
