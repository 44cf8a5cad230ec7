package dev.safegate.results.store;

import dev.safegate.proto.v1.EvaluationKind;
import dev.safegate.proto.v1.RunEvent;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The results service's view of each run in PostgreSQL: expected and stored verdicts, state and decision (the
 * orchestrator's RunLifecycleStore keeps planning and write-back). State changes are conditional updates ({@code WHERE state = ANY(...)}), so that when
 * several replicas or threads race to finish a run exactly one of them wins and publishes its event.
 */
@ApplicationScoped
public class RunProgressStore {
    private static final String COLUMNS = """
            run_id, model, model_version, role, baseline_run_id, plan_hash, policy, expected_tasks, judge_ids, state,
            decision, reasons, missing, created_at, last_progress_at, finished_at, stored_verdicts, kind""";

    private final Jdbc jdbc;

    public RunProgressStore(AgroalDataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    /** Records a CREATED event; a redelivered one changes nothing. @return whether the run was new */
    public boolean create(RunEvent event) {
        return jdbc.update("""
                INSERT INTO runs (run_id, model, model_version, role, baseline_run_id, plan_hash, policy,
                                  expected_tasks, judge_ids, state, stored_verdicts, kind)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'RUNNING', (SELECT count(*) FROM verdicts WHERE run_id = ?)
                        + (SELECT count(*) FROM image_explanations WHERE run_id = ?), ?)
                ON CONFLICT (run_id) DO NOTHING""", s -> {
            s.setString(1, event.getRunId());
            s.setString(2, event.getModel());
            s.setString(3, event.getModelVersion());
            s.setString(4, event.getRole() == RunEvent.Role.BASELINE ? RunRecord.BASELINE : RunRecord.CANDIDATE);
            s.setString(5, event.getBaselineRunId().isEmpty() ? null : event.getBaselineRunId());
            s.setString(6, event.getPlanHash());
            s.setString(7, event.getPolicy());
            s.setLong(8, event.getExpectedTasks());
            s.setArray(9, s.getConnection().createArrayOf("text", event.getJudgeIdsList().toArray()));
            s.setString(10, event.getRunId());
            s.setString(11, event.getRunId());
            s.setString(12, event.getKind() == EvaluationKind.IMAGE_AUDIT ? RunRecord.IMAGE_AUDIT : "LLM");
        }) == 1;
    }

    public Optional<RunRecord> find(String runId) {
        return one("SELECT " + COLUMNS + " FROM runs WHERE run_id = ?", runId);
    }

    /** Moves the run from one of {@code from} to {@code to}. @return false when another thread or replica did first */
    public boolean transition(String runId, List<RunState> from, RunState to) {
        return jdbc.update("UPDATE runs SET state = ? WHERE run_id = ? AND state = ANY(?)", s -> {
            s.setString(1, to.name());
            s.setString(2, runId);
            s.setArray(3, states(s.getConnection(), from));
        }) == 1;
    }

    /**
     * Finishes the run (COMPLETED or INCOMPLETE) with its decision, reasons and what is missing, if it is still in
     * one of {@code from}. @return true for the one caller that finished it, which then publishes the event
     */
    public boolean finish(String runId, List<RunState> from, RunState to, String decision, List<String> reasons,
                          String missing) {
        return jdbc.update("""
                UPDATE runs SET state = ?, decision = ?, reasons = ?, missing = ?, finished_at = now()
                WHERE run_id = ? AND state = ANY(?)""", s -> {
            s.setString(1, to.name());
            s.setString(2, decision);
            s.setArray(3, s.getConnection().createArrayOf("text", reasons.toArray()));
            s.setString(4, missing);
            s.setString(5, runId);
            s.setArray(6, states(s.getConnection(), from));
        }) == 1;
    }

    public void markPublished(String runId) {
        jdbc.update("UPDATE runs SET event_published_at = now() WHERE run_id = ?", s -> s.setString(1, runId));
    }

    /**
     * Claims finished runs whose event did not go out (the publisher failed or the process died in between) and
     * that finished more than {@code grace} ago, so that an in-flight publish is not duplicated.
     */
    public List<RunRecord> claimUnpublished(Duration grace) {
        return many("""
                UPDATE runs SET finished_at = now()
                WHERE state IN ('COMPLETED', 'INCOMPLETE') AND event_published_at IS NULL
                  AND finished_at < now() - make_interval(secs => ?)
                RETURNING\s""" + COLUMNS, s -> s.setDouble(1, grace.toMillis() / 1000.0));
    }

    public List<RunRecord> inStates(RunState... states) {
        return many("SELECT " + COLUMNS + " FROM runs WHERE state = ANY(?) ORDER BY created_at",
                s -> s.setArray(1, states(s.getConnection(), Arrays.asList(states))));
    }

    /** Runs in one of {@code states} with no progress (creation or a new verdict) for longer than {@code idle}. */
    public List<RunRecord> idle(Duration idle, RunState... states) {
        return many("SELECT " + COLUMNS + " FROM runs WHERE state = ANY(?)"
                + " AND last_progress_at < now() - make_interval(secs => ?) ORDER BY created_at", s -> {
            s.setArray(1, states(s.getConnection(), Arrays.asList(states)));
            s.setDouble(2, idle.toMillis() / 1000.0);
        });
    }

    /** Candidates that wait for {@code baselineRunId}. */
    public List<RunRecord> waitingFor(String baselineRunId) {
        return many("SELECT " + COLUMNS + " FROM runs WHERE state = 'WAITING_BASELINE' AND baseline_run_id = ?",
                s -> s.setString(1, baselineRunId));
    }

    /** The most recently completed run of each model and role: what the gauges show. */
    public List<RunRecord> latestCompleted() {
        return many("SELECT DISTINCT ON (model, role) " + COLUMNS + " FROM runs WHERE state = 'COMPLETED'"
                + " ORDER BY model, role, finished_at DESC", s -> { });
    }

    /** The most recently created run of each model and role, whatever its state: what the progress gauge shows. */
    public List<RunRecord> latestCreated() {
        return many("SELECT DISTINCT ON (model, role) " + COLUMNS + " FROM runs ORDER BY model, role, created_at DESC",
                s -> { });
    }

    /** Runs given up (INCOMPLETE) with no later completed run of the same model and role. */
    public long countUnresolvedIncomplete() {
        long[] count = new long[1];
        jdbc.query("""
                SELECT count(*) FROM runs i WHERE i.state = 'INCOMPLETE' AND NOT EXISTS (
                    SELECT 1 FROM runs c WHERE c.model = i.model AND c.role = i.role AND c.state = 'COMPLETED'
                      AND c.created_at > i.created_at)""", s -> { }, rs -> count[0] = rs.getLong(1));
        return count[0];
    }

    private Optional<RunRecord> one(String sql, String runId) {
        List<RunRecord> runs = many(sql, s -> s.setString(1, runId));
        return runs.stream().findFirst();
    }

    private List<RunRecord> many(String sql, Jdbc.Binder binder) {
        List<RunRecord> runs = new ArrayList<>();
        jdbc.query(sql, binder, rs -> runs.add(row(rs)));
        return runs;
    }

    private static Array states(java.sql.Connection c, List<RunState> states) throws SQLException {
        return c.createArrayOf("text", states.stream().map(Enum::name).toArray());
    }

    private static RunRecord row(ResultSet rs) throws SQLException {
        return new RunRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), strings(rs.getArray(9)),
                RunState.valueOf(rs.getString(10)), rs.getString(11), strings(rs.getArray(12)), rs.getString(13),
                instant(rs.getTimestamp(14)), instant(rs.getTimestamp(15)), instant(rs.getTimestamp(16)),
                rs.getLong(17), rs.getString(18));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
