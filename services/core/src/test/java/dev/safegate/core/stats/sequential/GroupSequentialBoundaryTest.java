package dev.safegate.core.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GroupSequentialBoundaryTest {
    private static final List<Double> FOUR_LOOKS = List.of(0.25, 0.5, 0.75, 1.0);

    @Test
    void obrienFlemingBoundsMatchThePublishedTable() {
        // gsDesign::gsDesign(k = 4, test.type = 1, alpha = 0.025, sfu = sfLDOF)$upper$bound
        GroupSequentialBoundary b = GroupSequentialBoundary.of(0.025, SpendingFunction.OBRIEN_FLEMING, FOUR_LOOKS);
        double[] expected = {4.3326, 2.9631, 2.3590, 2.0141};
        for (int k = 0; k < 4; k++) {
            assertEquals(expected[k], b.at(k), 2e-3, "look " + k);
        }
    }

    @Test
    void oneLookIsTheFixedTest() {
        GroupSequentialBoundary b = GroupSequentialBoundary.of(0.025, SpendingFunction.POCOCK, List.of(1.0));
        assertEquals(1.95996, b.at(0), 1e-4);
    }

    @Test
    void brownianMotionCrossesWithTheSpentProbabilityAtEveryLook() {
        GroupSequentialBoundary b = GroupSequentialBoundary.of(0.05, SpendingFunction.POCOCK, FOUR_LOOKS);
        SplittableRandom random = new SplittableRandom(7);
        int runs = 200_000;
        int[] firstCross = new int[4];
        for (int r = 0; r < runs; r++) {
            double s = 0;
            double t = 0;
            for (int k = 0; k < 4; k++) {
                double next = FOUR_LOOKS.get(k);
                s += Math.sqrt(next - t) * random.nextGaussian();
                t = next;
                if (s / Math.sqrt(t) >= b.at(k)) {
                    firstCross[k]++;
                    break;
                }
            }
        }
        double spentBefore = 0;
        for (int k = 0; k < 4; k++) {
            double spent = SpendingFunction.POCOCK.spent(0.05, FOUR_LOOKS.get(k));
            double expected = spent - spentBefore;
            double se = Math.sqrt(expected * (1 - expected) / runs);
            assertEquals(expected, firstCross[k] / (double) runs, 4 * se, "look " + k);
            spentBefore = spent;
        }
    }

    @Test
    void looksMustIncreaseAndEndAtTheWholePlan() {
        assertThrows(IllegalArgumentException.class,
                () -> GroupSequentialBoundary.of(0.025, SpendingFunction.POCOCK, List.of(0.5, 0.5, 1.0)));
        assertThrows(IllegalArgumentException.class,
                () -> GroupSequentialBoundary.of(0.025, SpendingFunction.POCOCK, List.of(0.5, 0.9)));
    }
}
