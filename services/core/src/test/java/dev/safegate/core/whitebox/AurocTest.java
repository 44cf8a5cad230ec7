package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AurocTest {

    @Test
    void equalsTheShareOfCorrectlyOrderedPairsWithTiesAsHalves() {
        Random random = new Random(5);
        for (int round = 0; round < 20; round++) {
            int n = 5 + random.nextInt(60);
            double[] scores = new double[n];
            boolean[] positive = new boolean[n];
            for (int i = 0; i < n; i++) {
                scores[i] = random.nextInt(6); // many ties
                positive[i] = i < 2 || (i > 3 && random.nextBoolean());
            }
            positive[2] = positive[3] = false;
            assertEquals(pairCount(scores, positive), Auroc.of(scores, positive), 1e-12, "round " + round);
        }
    }

    @Test
    void separatedReversedAndTiedScores() {
        boolean[] labels = {true, true, false, false};
        assertEquals(1.0, Auroc.of(new double[] {3, 4, 1, 2}, labels));
        assertEquals(0.0, Auroc.of(new double[] {1, 2, 3, 4}, labels));
        assertEquals(0.5, Auroc.of(new double[] {1, 1, 1, 1}, labels));
    }

    @Test
    void theBootstrapIntervalHoldsTheEstimateAndIsSeeded() {
        Random random = new Random(9);
        int n = 80;
        double[] scores = new double[n];
        boolean[] positive = new boolean[n];
        for (int i = 0; i < n; i++) {
            positive[i] = i % 2 == 0;
            scores[i] = random.nextGaussian() + (positive[i] ? 1 : 0);
        }
        Auroc.Result result = Auroc.withInterval(scores, positive, 0.95, 1000, 3);
        assertEquals(Auroc.of(scores, positive), result.auroc());
        assertTrue(result.interval().contains(result.auroc()), result.toString());
        assertTrue(result.interval().lower() > 0.6 && result.interval().upper() < 0.95, result.toString());
        assertEquals(40, result.positives());
        assertEquals(result, Auroc.withInterval(scores, positive, 0.95, 1000, 3));
        Auroc.Result separated = Auroc.withInterval(new double[] {5, 6, 1, 2}, new boolean[] {true, true, false,
            false}, 0.95, 200, 1);
        assertEquals(1.0, separated.interval().lower());
    }

    @Test
    void needsBothLabelsAndFiniteScores() {
        IllegalArgumentException oneLabel = assertThrows(IllegalArgumentException.class,
                () -> Auroc.of(new double[] {1, 2}, new boolean[] {true, true}));
        assertTrue(oneLabel.getMessage().contains("both labels"), oneLabel.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Auroc.of(new double[] {1}, new boolean[] {true, false}));
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> Auroc.of(new double[] {1, Double.NaN}, new boolean[] {true, false}));
        assertTrue(nan.getMessage().contains("score 1"), nan.getMessage());
    }

    private static double pairCount(double[] scores, boolean[] positive) {
        double wins = 0;
        int pairs = 0;
        for (int i = 0; i < scores.length; i++) {
            for (int j = 0; j < scores.length; j++) {
                if (positive[i] && !positive[j]) {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
            }
        }
        return wins / pairs;
    }
}
