package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskScoresTest {
    @Test
    void theFirstTokensLogRatioSumsOnlyTheFirstFivePositions() {
        float[] own = {-0.1f, -0.2f, -0.3f, -0.4f, -0.5f, -0.6f};
        float[] reference = {-5.1f, -1.2f, -0.3f, -0.4f, -0.5f, -9.6f};
        assertEquals(6.0, TaskScores.klFirstTokens(own, reference).orElseThrow(), 1e-5);
        assertEquals(5.0, TaskScores.klFirstTokens(new float[] {-0.1f}, new float[] {-5.1f}).orElseThrow(), 1e-5);
        assertTrue(TaskScores.klFirstTokens(new float[0], new float[0]).isEmpty(), "an empty answer has no score");
        assertThrows(IllegalArgumentException.class, () -> TaskScores.klFirstTokens(own, new float[2]));
    }

    @Test
    void theProjectionIsOntoTheStoredUnitVector() {
        DirectionArtifact stored = new DirectionArtifact("family", 3, DirectionArtifact.Source.MODEL_PAIR,
                List.of("a", "b"), 2, new float[] {0.6f, 0.8f}, 2.0, 10, 10, 1, Instant.EPOCH);
        assertEquals(0.6 * 2 + 0.8 * -1, TaskScores.projection(stored, new float[] {2, -1}), 1e-6);
    }
}
