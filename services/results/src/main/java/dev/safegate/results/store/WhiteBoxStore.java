package dev.safegate.results.store;

import dev.safegate.core.condition.ConditionLabel;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.LayerActivation;
import dev.safegate.proto.v1.Verdict;
import dev.safegate.proto.v1.WhiteBox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * White-box outputs in PostgreSQL, keyed by task (not per judge: every verdict of a task carries the same outputs),
 * inserted idempotently so that redeliveries and a task's other verdicts change nothing.
 */
@ApplicationScoped
public class WhiteBoxStore {
    private static final String INSERT_LOGPROBS = """
            INSERT INTO white_box_logprobs (task_id, run_id, suite, condition, prompt_id, sample_index, reference_model,
                                            token_ids, token_logprobs, reference_logprobs)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING""";
    private static final String INSERT_ACTIVATION = """
            INSERT INTO white_box_activations (task_id, layer, run_id, suite, condition, prompt_id, sample_index,
                                               activation)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, layer) DO NOTHING""";

    /** Where a task's outputs belong: its run and its cell's prompt. */
    public record TaskKey(String taskId, String runId, String suite, String condition, String promptId,
                          int sampleIndex) {
        static TaskKey of(Verdict verdict) {
            EvalTask task = verdict.getTask();
            return new TaskKey(verdict.getTaskId(), verdict.getRunId().isEmpty() ? task.getRunId() : verdict.getRunId(),
                    task.getSuite(), ConditionLabel.of(task.getCondition(), task.getConditionParams()),
                    task.getPromptId(), task.getSampleIndex());
        }
    }

    /** reference_kl of one task. */
    public record LogProbs(TaskKey task, String referenceModel, float[] own, float[] reference) {
    }

    /** One captured layer of one task. */
    public record Activation(TaskKey task, int layer, float[] values) {
    }

    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;

    public WhiteBoxStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores the white-box outputs the verdicts carry, once per task, in one transaction. */
    public void insert(List<Verdict> verdicts) {
        Map<String, Verdict> byTask = new LinkedHashMap<>();
        verdicts.stream().filter(Verdict::hasWhiteBox).forEach(v -> byTask.putIfAbsent(v.getTaskId(), v));
        if (byTask.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement logprobs = c.prepareStatement(INSERT_LOGPROBS);
                 PreparedStatement activations = c.prepareStatement(INSERT_ACTIVATION)) {
                for (Verdict verdict : byTask.values()) {
                    TaskKey key = TaskKey.of(verdict);
                    WhiteBox whiteBox = verdict.getWhiteBox();
                    if (!whiteBox.getReferenceModel().isEmpty()) {
                        bindKey(logprobs, key, 1);
                        logprobs.setString(7, whiteBox.getReferenceModel());
                        logprobs.setArray(8, c.createArrayOf("int8", whiteBox.getTokenIdsList().toArray()));
                        logprobs.setArray(9, floats(c, whiteBox.getTokenLogprobsList()));
                        logprobs.setArray(10, floats(c, whiteBox.getReferenceLogprobsList()));
                        logprobs.addBatch();
                    }
                    for (LayerActivation layer : whiteBox.getActivationsList()) {
                        activations.setString(1, key.taskId());
                        activations.setInt(2, layer.getLayer());
                        activations.setString(3, key.runId());
                        activations.setString(4, key.suite());
                        activations.setString(5, key.condition());
                        activations.setString(6, key.promptId());
                        activations.setInt(7, key.sampleIndex());
                        activations.setArray(8, floats(c, layer.getValuesList()));
                        activations.addBatch();
                    }
                }
                logprobs.executeBatch();
                activations.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store the white-box outputs of " + byTask.size() + " tasks", e);
        }
    }

    /** Binds task id, run, suite, condition, prompt and sample at {@code first}..{@code first + 5}. */
    private static void bindKey(PreparedStatement s, TaskKey key, int first) throws SQLException {
        s.setString(first, key.taskId());
        s.setString(first + 1, key.runId());
        s.setString(first + 2, key.suite());
        s.setString(first + 3, key.condition());
        s.setString(first + 4, key.promptId());
        s.setInt(first + 5, key.sampleIndex());
    }

    private static Array floats(Connection c, List<Float> values) throws SQLException {
        return c.createArrayOf("float4", values.toArray());
    }

    /** Every reference_kl result of the run. */
    public List<LogProbs> logProbs(String runId) {
        List<LogProbs> rows = new ArrayList<>();
        jdbc.query("""
                SELECT task_id, run_id, suite, condition, prompt_id, sample_index, reference_model, token_logprobs,
                       reference_logprobs
                FROM white_box_logprobs WHERE run_id = ? ORDER BY task_id""", s -> s.setString(1, runId),
                rs -> rows.add(new LogProbs(new TaskKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6)), rs.getString(7), floats(rs.getArray(8)),
                        floats(rs.getArray(9)))));
        return rows;
    }

    /** Every captured activation of the run (all layers). */
    public List<Activation> activations(String runId) {
        List<Activation> rows = new ArrayList<>();
        jdbc.query("""
                SELECT task_id, run_id, suite, condition, prompt_id, sample_index, layer, activation
                FROM white_box_activations WHERE run_id = ? ORDER BY task_id, layer""", s -> s.setString(1, runId),
                rs -> rows.add(new Activation(new TaskKey(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getInt(6)), rs.getInt(7), floats(rs.getArray(8)))));
        return rows;
    }

    static float[] floats(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = ((Number) values[i]).floatValue();
        }
        return floats;
    }
}
