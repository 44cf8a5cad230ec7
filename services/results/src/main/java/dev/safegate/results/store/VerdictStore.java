package dev.safegate.results.store;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Verdicts in PostgreSQL: idempotent batch inserts and the reads that reports and run tracking need. */
@ApplicationScoped
public class VerdictStore {

    /**
     * One statement per batch: every column travels as one array and {@code unnest} turns them into rows, which is
     * several times faster than a JDBC batch of single-row inserts. {@code RETURNING} names the rows actually
     * inserted, so a redelivered verdict is neither stored nor counted twice.
     */
    private static final String INSERT = """
            INSERT INTO verdicts (task_id, judge_id, run_id, judge_version, label, refusal, categories, scores, error,
                                  suite, condition, category, prompt_id, sample_index, should_refuse,
                                  generation_status, generation_error, prompt, output, raw_output, judged_ms,
                                  first_unsafe_turn)
            SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[]::jsonb[], ?::text[]::jsonb[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[], ?::int4[], ?::bool[], ?::text[], ?::text[], ?::text[], ?::text[],
                                 ?::text[], ?::int8[], ?::int4[])
            ON CONFLICT (task_id, judge_id) DO NOTHING
            RETURNING task_id, judge_id
            """;

    private static final String COLUMNS = """
            task_id, judge_id, run_id, judge_version, label, refusal, categories::text, scores::text, error, suite,
            condition, category, prompt_id, sample_index, should_refuse, generation_status, generation_error,
            prompt, output, raw_output, judged_ms, first_unsafe_turn""";

    private static final String COLUMNS_WITHOUT_TEXTS = COLUMNS
            .replace("prompt, output, raw_output", "'' AS prompt, '' AS output, '' AS raw_output");

    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;

    public VerdictStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Stores the verdicts not stored yet and moves the progress time of their runs, in one transaction.
     *
     * @return the rows that were new
     */
    public List<VerdictRow> insertNew(List<VerdictRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, VerdictRow> byKey = new LinkedHashMap<>();
        rows.forEach(r -> byKey.putIfAbsent(key(r.taskId(), r.judgeId()), r));
        List<VerdictRow> unique = List.copyOf(byKey.values());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<VerdictRow> inserted = new ArrayList<>();
                try (PreparedStatement insert = c.prepareStatement(INSERT)) {
                    bindColumns(c, insert, unique);
                    try (ResultSet rs = insert.executeQuery()) {
                        while (rs.next()) {
                            inserted.add(byKey.get(key(rs.getString(1), rs.getString(2))));
                        }
                    }
                }
                touchRuns(c, inserted.stream().collect(
                        java.util.stream.Collectors.groupingBy(VerdictRow::runId, java.util.stream.Collectors.counting())));
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store " + unique.size() + " verdicts", e);
        }
    }

    private static void bindColumns(Connection c, PreparedStatement s, List<VerdictRow> rows) throws SQLException {
        int i = 1;
        s.setArray(i++, text(c, rows, VerdictRow::taskId));
        s.setArray(i++, text(c, rows, VerdictRow::judgeId));
        s.setArray(i++, text(c, rows, VerdictRow::runId));
        s.setArray(i++, text(c, rows, VerdictRow::judgeVersion));
        s.setArray(i++, text(c, rows, VerdictRow::label));
        s.setArray(i++, text(c, rows, VerdictRow::refusal));
        s.setArray(i++, text(c, rows, VerdictRow::categoriesJson));
        s.setArray(i++, text(c, rows, VerdictRow::scoresJson));
        s.setArray(i++, text(c, rows, VerdictRow::error));
        s.setArray(i++, text(c, rows, VerdictRow::suite));
        s.setArray(i++, text(c, rows, VerdictRow::condition));
        s.setArray(i++, text(c, rows, VerdictRow::category));
        s.setArray(i++, text(c, rows, VerdictRow::promptId));
        s.setArray(i++, c.createArrayOf("int4", rows.stream().map(VerdictRow::sampleIndex).toArray()));
        s.setArray(i++, c.createArrayOf("bool", rows.stream().map(VerdictRow::shouldRefuse).toArray()));
        s.setArray(i++, text(c, rows, VerdictRow::generationStatus));
        s.setArray(i++, text(c, rows, VerdictRow::generationError));
        s.setArray(i++, text(c, rows, VerdictRow::prompt));
        s.setArray(i++, text(c, rows, VerdictRow::output));
        s.setArray(i++, text(c, rows, VerdictRow::rawOutput));
        s.setArray(i++, c.createArrayOf("int8", rows.stream().map(VerdictRow::judgedMs).toArray()));
        s.setArray(i, c.createArrayOf("int4", rows.stream().map(VerdictRow::firstUnsafeTurn).toArray()));
    }

    /** PostgreSQL text cannot hold NUL characters; model outputs occasionally do. */
    private static Array text(Connection c, List<VerdictRow> rows, Function<VerdictRow, String> column)
            throws SQLException {
        return c.createArrayOf("text", rows.stream().map(column).map(s -> s.replace("\u0000", "\uFFFD")).toArray());
    }

    /** Moves the runs' progress time and their count of stored verdicts. */
    private static void touchRuns(Connection c, Map<String, Long> insertedByRun) throws SQLException {
        if (insertedByRun.isEmpty()) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE runs SET last_progress_at = now(), stored_verdicts = stored_verdicts + v.n
                FROM unnest(?::text[], ?::int8[]) AS v(run_id, n) WHERE runs.run_id = v.run_id""")) {
            s.setArray(1, c.createArrayOf("text", insertedByRun.keySet().toArray()));
            s.setArray(2, c.createArrayOf("int8", insertedByRun.values().toArray()));
            s.executeUpdate();
        }
    }

    /** Verdicts stored per judge of the run (each counts a distinct task, as (task, judge) is unique). */
    public Map<String, Long> countsByJudge(String runId) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.query("SELECT judge_id, count(*) FROM verdicts WHERE run_id = ? GROUP BY judge_id", s -> s.setString(1, runId),
                rs -> counts.put(rs.getString(1), rs.getLong(2)));
        return counts;
    }

    /**
     * Every verdict of the run for statistics, ordered by task so that a task's verdicts are adjacent. The texts
     * (prompt, output, raw judge output) come back empty: statistics never read them, and a 100,000-task run's
     * texts do not fit a service's heap.
     */
    public List<VerdictRow> allOf(String runId) {
        List<VerdictRow> rows = new ArrayList<>();
        jdbc.query("SELECT " + COLUMNS_WITHOUT_TEXTS + " FROM verdicts WHERE run_id = ? ORDER BY task_id, judge_id",
                s -> s.setString(1, runId), rs -> rows.add(row(rs)));
        return rows;
    }

    /** A page of the run's verdicts in a cell; null filters match everything. */
    public Page samples(SampleFilter filter, int page, int size) {
        String where = " " + """
                FROM verdicts WHERE run_id = ? AND (?::text IS NULL OR suite = ?) AND (?::text IS NULL OR condition = ?)
                AND (?::text IS NULL OR category = ?) AND (?::text IS NULL OR label = ?)
                AND (?::text IS NULL OR judge_id = ?)""";
        Jdbc.Binder bind = s -> {
            s.setString(1, filter.runId());
            int i = 2;
            for (String value : new String[] {filter.suite(), filter.condition(), filter.category(), filter.label(),
                    filter.judge()}) {
                s.setString(i++, value);
                s.setString(i++, value);
            }
        };
        long[] total = new long[1];
        jdbc.query("SELECT count(*)" + where, bind, rs -> total[0] = rs.getLong(1));
        List<VerdictRow> rows = new ArrayList<>();
        jdbc.query("SELECT " + COLUMNS + where + " ORDER BY suite, condition, category, prompt_id, sample_index, judge_id"
                + " LIMIT " + size + " OFFSET " + (long) page * size, bind, rs -> rows.add(row(rs)));
        return new Page(rows, total[0]);
    }

    public record SampleFilter(String runId, String suite, String condition, String category, String label,
                               String judge) {
    }

    public record Page(List<VerdictRow> rows, long total) {
    }

    /** The label each task of the run got from one judge (e.g. the rubric judge's UNSAFE for a misaligned answer). */
    public Map<String, String> labelsByTask(String runId, String judgeId) {
        Map<String, String> labels = new HashMap<>();
        jdbc.query("SELECT task_id, label FROM verdicts WHERE run_id = ? AND judge_id = ?", s -> {
            s.setString(1, runId);
            s.setString(2, judgeId);
        }, rs -> labels.put(rs.getString(1), rs.getString(2)));
        return labels;
    }

    public boolean hasVerdicts(String runId) {
        boolean[] found = new boolean[1];
        jdbc.query("SELECT 1 FROM verdicts WHERE run_id = ? LIMIT 1", s -> s.setString(1, runId),
                rs -> found[0] = true);
        return found[0];
    }

    private static VerdictRow row(ResultSet rs) throws SQLException {
        return new VerdictRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), rs.getString(13), rs.getInt(14), rs.getBoolean(15),
                rs.getString(16), rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20),
                rs.getLong(21), rs.getInt(22));
    }

    private static String key(String taskId, String judgeId) {
        return taskId + "\u0000" + judgeId;
    }
}
