package dev.safegate.results.store;

import dev.safegate.core.image.ImageAuditPlan;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Image audit explanations in PostgreSQL: idempotent inserts (a redelivered explanation is neither stored nor counted
 * twice) that also move their runs' progress, and the reads that run tracking, reports and gauges need.
 */
@ApplicationScoped
public class ImageExplanationStore {
    private static final String COLUMNS = """
            task_id, run_id, image_set, image_id, label, status, error, predicted_label, confidence, object_share,
            fidelity, superpixels, attribution, top_superpixels, explained_ms""";

    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;

    public ImageExplanationStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /** Stores the explanations not stored yet, in one transaction. @return the rows that were new */
    public List<ImageExplanationRow> insertNew(List<ImageExplanationRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                List<ImageExplanationRow> inserted = new ArrayList<>();
                Map<String, Long> byRun = new LinkedHashMap<>();
                try (PreparedStatement s = c.prepareStatement("INSERT INTO image_explanations (" + COLUMNS
                        + ", overlay_png) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (task_id) DO NOTHING")) {
                    for (ImageExplanationRow row : rows) {
                        bind(c, s, row);
                        if (s.executeUpdate() == 1) {
                            inserted.add(row);
                            byRun.merge(row.runId(), 1L, Long::sum);
                        }
                    }
                }
                try (PreparedStatement s = c.prepareStatement("UPDATE runs SET last_progress_at = now(),"
                        + " stored_verdicts = stored_verdicts + ? WHERE run_id = ?")) {
                    for (var run : byRun.entrySet()) {
                        s.setLong(1, run.getValue());
                        s.setString(2, run.getKey());
                        s.executeUpdate();
                    }
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("storing " + rows.size() + " image explanations failed", e);
        }
    }

    private static void bind(Connection c, PreparedStatement s, ImageExplanationRow row) throws SQLException {
        s.setString(1, row.taskId());
        s.setString(2, row.runId());
        s.setString(3, row.imageSet());
        s.setString(4, row.imageId());
        s.setString(5, row.label());
        s.setString(6, row.status());
        s.setString(7, row.error());
        s.setString(8, row.predictedLabel());
        s.setDouble(9, row.confidence());
        s.setObject(10, row.objectShare());
        s.setDouble(11, row.fidelity());
        s.setInt(12, row.superpixels());
        s.setArray(13, c.createArrayOf("float8", java.util.Arrays.stream(row.attribution()).boxed().toArray()));
        s.setArray(14, c.createArrayOf("int4", java.util.Arrays.stream(row.topSuperpixels()).boxed().toArray()));
        s.setLong(15, row.explainedMs());
        s.setBytes(16, row.overlayPng());
    }

    /** Explanations stored for the run, under the explainer's id (the run's only "judge"). */
    public Map<String, Long> countsByExplainer(String runId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT count(*) FROM image_explanations WHERE run_id = ?", s -> s.setString(1, runId),
                rs -> {
                    if (rs.getLong(1) > 0) {
                        counts.put(ImageAuditPlan.EXPLAINER, rs.getLong(1));
                    }
                });
        return counts;
    }

    /** The run's explanations (without overlays), by image set and image. */
    public List<ImageExplanationRow> allOf(String runId) {
        List<ImageExplanationRow> rows = new ArrayList<>();
        jdbc.query("SELECT " + COLUMNS + " FROM image_explanations WHERE run_id = ? ORDER BY image_set, image_id",
                s -> s.setString(1, runId), rs -> rows.add(row(rs)));
        return rows;
    }

    public Optional<byte[]> overlay(String runId, String taskId) {
        List<byte[]> found = new ArrayList<>();
        jdbc.query("SELECT overlay_png FROM image_explanations WHERE run_id = ? AND task_id = ?"
                + " AND overlay_png IS NOT NULL", s -> {
                    s.setString(1, runId);
                    s.setString(2, taskId);
                }, rs -> found.add(rs.getBytes(1)));
        return found.stream().findFirst();
    }

    private static ImageExplanationRow row(ResultSet rs) throws SQLException {
        return new ImageExplanationRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getDouble(9),
                (Double) rs.getObject(10), rs.getDouble(11), rs.getInt(12), doubles(rs.getArray(13)),
                ints(rs.getArray(14)), null, rs.getLong(15));
    }

    private static double[] doubles(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).doubleValue();
        }
        return out;
    }

    private static int[] ints(Array array) throws SQLException {
        Object[] values = (Object[]) array.getArray();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = ((Number) values[i]).intValue();
        }
        return out;
    }
}
