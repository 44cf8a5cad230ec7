package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectionArtifactTest {
    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void aStoredDirectionProjectsAsTheFittedOne() {
        DifferenceOfMeans.FittedDirection fitted = DifferenceOfMeans.fit(
                List.of(new float[] {3, 4, 0}), List.of(new float[] {0, 0, 0}));
        DirectionArtifact artifact = DirectionArtifact.of(fitted, "organism-llama", 3,
                DirectionArtifact.Source.MODEL_PAIR, List.of("run-a", "run-b"), 1, CREATED);
        assertEquals(3, artifact.hiddenSize());
        assertEquals(5, artifact.norm(), 1e-12);
        float[] activation = {1, 2, 7};
        assertEquals(fitted.project(activation), artifact.direction().project(activation), 1e-6);
    }

    @Test
    void inconsistentArtifactsAreRefusedNamingTheField() {
        float[] unit = {0.6f, 0.8f};
        assertEquals("hiddenSize", failure(() -> new DirectionArtifact("f", 1, DirectionArtifact.Source.JUDGED_LABELS,
                List.of("r"), 3, unit, 1, 1, 1, 1, CREATED)));
        assertEquals("unitVector", failure(() -> new DirectionArtifact("f", 1, DirectionArtifact.Source.JUDGED_LABELS,
                List.of("r"), 2, new float[] {1, 1}, 1, 1, 1, 1, CREATED)));
        assertEquals("sourceRunIds", failure(() -> new DirectionArtifact("f", 1,
                DirectionArtifact.Source.JUDGED_LABELS, List.of(), 2, unit, 1, 1, 1, 1, CREATED)));
        assertEquals("version", failure(() -> new DirectionArtifact("f", 1, DirectionArtifact.Source.JUDGED_LABELS,
                List.of("r"), 2, unit, 1, 1, 1, 0, CREATED)));
        assertEquals("norm", failure(() -> new DirectionArtifact("f", 1, DirectionArtifact.Source.JUDGED_LABELS,
                List.of("r"), 2, unit, 0, 1, 1, 1, CREATED)));
    }

    /** The first word of the rejection's message that names a field. */
    private static String failure(Runnable build) {
        String message = assertThrows(IllegalArgumentException.class, build::run).getMessage();
        for (String field : List.of("hiddenSize", "unitVector", "sourceRunIds", "version", "norm")) {
            if (message.contains(field)) {
                return field;
            }
        }
        throw new AssertionError("no field named in: " + message);
    }
}
