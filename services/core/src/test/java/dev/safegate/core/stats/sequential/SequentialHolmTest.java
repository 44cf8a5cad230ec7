package dev.safegate.core.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SequentialHolmTest {
    private static final SequentialDesign DESIGN = new SequentialDesign(List.of(0.5, 1.0), SpendingFunction.POCOCK);
    private static final double ALPHA = 0.025;

    /** A score with the given z over 100 prompts whose mean worsening is large (0.3). */
    private static PairedScore scoreWithZ(double z) {
        double sum = 30;
        return new PairedScore(100, sum, (sum / z) * (sum / z));
    }

    private static SequentialHolm.Hypothesis at(int look, double z) {
        return new SequentialHolm.Hypothesis(DESIGN, 0.05, List.of(new SequentialHolm.Look(look, scoreWithZ(z))));
    }

    @Test
    void stepsDownOnlyAfterARejection() {
        double bonferroni = DESIGN.boundary(ALPHA / 2).at(0);
        double alone = DESIGN.boundary(ALPHA).at(0);
        double between = (bonferroni + alone) / 2;
        // the first clears alpha/2 and frees its level, so the second is tested at alpha
        assertArrayEquals(new int[] {0, 0},
                SequentialHolm.rejectedAt(ALPHA, List.of(at(0, bonferroni + 0.01), at(0, between))));
        // without a first rejection the second stays at alpha/2 and is not rejected
        assertArrayEquals(new int[] {-1, -1},
                SequentialHolm.rejectedAt(ALPHA, List.of(at(0, 0.5), at(0, between))));
    }

    @Test
    void aSmallWorseningIsNeverAFail() {
        PairedScore tiny = new PairedScore(10_000, 200, 400); // z = 10, worsening 0.02 < minEffect 0.05
        var h = new SequentialHolm.Hypothesis(DESIGN, 0.05, List.of(new SequentialHolm.Look(0, tiny)));
        assertArrayEquals(new int[] {-1}, SequentialHolm.rejectedAt(ALPHA, List.of(h)));
    }

    @Test
    void familyWiseFalseFailRateStaysAtAlphaAcrossLooksAndHypotheses() {
        SequentialDesign design = new SequentialDesign(List.of(0.25, 0.5, 0.75, 1.0), SpendingFunction.POCOCK);
        SplittableRandom random = new SplittableRandom(11);
        int runs = 40_000;
        int hypotheses = 3;
        int falseFails = 0;
        for (int r = 0; r < runs; r++) {
            List<SequentialHolm.Hypothesis> family = new ArrayList<>();
            for (int h = 0; h < hypotheses; h++) {
                // under no regression the score is a Brownian motion in the information fraction
                List<SequentialHolm.Look> looks = new ArrayList<>();
                double s = 0;
                double t = 0;
                for (int k = 0; k < 4; k++) {
                    double next = design.looks().get(k);
                    s += Math.sqrt(next - t) * random.nextGaussian();
                    t = next;
                    // on the score scale with unit variance per unit information: z = s / sqrt(t)
                    looks.add(new SequentialHolm.Look(k, new PairedScore(100, s, t)));
                }
                family.add(new SequentialHolm.Hypothesis(design, 0, looks));
            }
            for (int look : SequentialHolm.rejectedAt(ALPHA, family)) {
                if (look >= 0) {
                    falseFails++;
                    break;
                }
            }
        }
        double rate = falseFails / (double) runs;
        double se = Math.sqrt(ALPHA * (1 - ALPHA) / runs);
        assertTrue(rate <= ALPHA + 3 * se, "false-FAIL rate " + rate);
        // and not far below it: the levels of the family are used, not wasted
        assertEquals(ALPHA, rate, 0.2 * ALPHA);
    }
}
