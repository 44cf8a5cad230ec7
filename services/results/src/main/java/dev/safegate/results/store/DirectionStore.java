package dev.safegate.results.store;

import dev.safegate.core.whitebox.DirectionArtifact;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Stored misalignment directions ({@link DirectionArtifact}), versioned per model family and layer. A direction is
 * never changed or deleted: fitting again adds the next version, which then is the family's current one.
 */
@ApplicationScoped
public class DirectionStore {
    private static final String COLUMNS = """
            id, model_family, layer, version, source, source_run_ids, hidden_size, unit_vector, norm, positives,
            negatives, created_at""";

    /** A stored direction and its id. */
    public record Stored(long id, DirectionArtifact artifact) {
    }

    private final AgroalDataSource dataSource;
    private final Jdbc jdbc;

    public DirectionStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new Jdbc(dataSource);
    }

    /**
     * Stores the directions (one per layer) in one transaction, each as the next version of its family and layer.
     * The version the artifact carries is replaced by the one assigned here.
     */
    public List<Stored> add(List<DirectionArtifact> directions) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement lock = c.prepareStatement("LOCK TABLE directions IN SHARE ROW EXCLUSIVE MODE");
                 PreparedStatement insert = c.prepareStatement("""
                         INSERT INTO directions (model_family, layer, version, source, source_run_ids, hidden_size,
                                                 unit_vector, norm, positives, negatives, created_at)
                         SELECT ?, ?, coalesce(max(version), 0) + 1, ?, ?, ?, ?, ?, ?, ?, ?
                         FROM directions WHERE model_family = ? AND layer = ?
                         RETURNING\s""" + COLUMNS)) {
                lock.execute(); // versions are assigned one writer at a time
                List<Stored> stored = new ArrayList<>();
                for (DirectionArtifact d : directions) {
                    Object[] vector = new Object[d.unitVector().length];
                    for (int i = 0; i < vector.length; i++) {
                        vector[i] = d.unitVector()[i];
                    }
                    int i = 1;
                    insert.setString(i++, d.modelFamily());
                    insert.setInt(i++, d.layer());
                    insert.setString(i++, d.source().name());
                    insert.setArray(i++, c.createArrayOf("text", d.sourceRunIds().toArray()));
                    insert.setInt(i++, d.hiddenSize());
                    insert.setArray(i++, c.createArrayOf("float4", vector));
                    insert.setDouble(i++, d.norm());
                    insert.setInt(i++, d.positives());
                    insert.setInt(i++, d.negatives());
                    insert.setObject(i++, java.time.OffsetDateTime.ofInstant(d.created(), java.time.ZoneOffset.UTC));
                    insert.setString(i++, d.modelFamily());
                    insert.setInt(i, d.layer());
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        stored.add(row(rs));
                    }
                }
                c.commit();
                return stored;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("could not store " + directions.size() + " directions", e);
        }
    }

    public Optional<Stored> find(long id) {
        List<Stored> found = new ArrayList<>();
        jdbc.query("SELECT " + COLUMNS + " FROM directions WHERE id = ?", s -> s.setLong(1, id),
                rs -> found.add(row(rs)));
        return found.stream().findFirst();
    }

    /** Every stored direction, newest first; of one family when {@code modelFamily} is not null. */
    public List<Stored> list(String modelFamily) {
        List<Stored> found = new ArrayList<>();
        jdbc.query("SELECT " + COLUMNS + " FROM directions WHERE (?::text IS NULL OR model_family = ?) ORDER BY id DESC",
                s -> {
                    s.setString(1, modelFamily);
                    s.setString(2, modelFamily);
                }, rs -> found.add(row(rs)));
        return found;
    }

    /** The family's current direction of each layer: its newest version. */
    public Map<Integer, Stored> current(String modelFamily) {
        Map<Integer, Stored> byLayer = new TreeMap<>();
        list(modelFamily).forEach(d -> byLayer.putIfAbsent(d.artifact().layer(), d));
        return byLayer;
    }

    /** Changes whenever a direction is added: what computations over the current directions may be cached by. */
    public long stamp() {
        long[] max = new long[1];
        jdbc.query("SELECT coalesce(max(id), 0) FROM directions", s -> { }, rs -> max[0] = rs.getLong(1));
        return max[0];
    }

    private static Stored row(ResultSet rs) throws SQLException {
        String[] runs = (String[]) rs.getArray(6).getArray();
        return new Stored(rs.getLong(1), new DirectionArtifact(rs.getString(2), rs.getInt(3),
                DirectionArtifact.Source.valueOf(rs.getString(5)), List.of(runs), rs.getInt(7),
                WhiteBoxStore.floats(rs.getArray(8)), rs.getDouble(9), rs.getInt(10), rs.getInt(11), rs.getInt(4),
                rs.getObject(12, java.time.OffsetDateTime.class).toInstant()));
    }
}
