package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.whitebox.PerPositionKl.PromptScores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PerPositionKlTest {
    /** Student t quantile 0.975 with 2 degrees of freedom. */
    private static final double T_2 = 4.302652729911275;

    /** Responses of 3, 2 and 1 tokens with differences [2, 0.2, 0], [3, 0.4], [1]. */
    private static final List<PromptScores> THREE = List.of(
            new PromptScores("p1", new double[] {-0.1, -0.2, -0.3}, new double[] {-2.1, -0.4, -0.3}),
            new PromptScores("p2", new double[] {-0.5, -0.1}, new double[] {-3.5, -0.5}),
            new PromptScores("p3", new double[] {-0.2}, new double[] {-1.2}));

    @Test
    void eachPositionAveragesThePromptsThatReachIt() {
        PerPositionKl.Result result = PerPositionKl.estimate(THREE, 64, 1, 0.95, 200, 1);
        assertEquals(3, result.positions().size());
        assertEquals(List.of(3, 2, 1), result.positions().stream().map(PerPositionKl.Position::prompts).toList());
        assertEquals(2.0, result.positions().get(0).mean(), 1e-12);
        assertEquals(0.3, result.positions().get(1).mean(), 1e-12);
        assertEquals(0.0, result.positions().get(2).mean(), 1e-12);
        assertEquals(2.3, result.positions().get(1).cumulative(), 1e-12);
        assertEquals(2.3, result.total(), 1e-12);
        assertEquals(2.0 / 2.3, result.share().share(), 1e-12);
    }

    @Test
    void positionIntervalsAreStudentT() {
        PerPositionKl.Position first = PerPositionKl.estimate(THREE, 64, 1, 0.95, 10, 1).positions().getFirst();
        // values 2, 3, 1: standard deviation 1, standard error 1/sqrt(3)
        double halfWidth = T_2 / Math.sqrt(3);
        assertEquals(2 - halfWidth, first.interval().lower(), 1e-9);
        assertEquals(2 + halfWidth, first.interval().upper(), 1e-9);
        assertNull(PerPositionKl.estimate(THREE, 64, 1, 0.95, 10, 1).positions().get(2).interval(),
                "one prompt gives no interval");
    }

    @Test
    void aDifferenceOnlyInTheFirstTokensIsAllOfTheTotal() {
        List<PromptScores> prompts = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            double[] aligned = new double[40];
            double[] reference = new double[40];
            reference[0] = -3;
            reference[1] = -1;
            reference[4] = -0.5;
            prompts.add(new PromptScores("p" + i, aligned, reference));
        }
        PerPositionKl.Result result = PerPositionKl.estimate(prompts, 64, 5, 0.95, 500, 7);
        assertEquals(4.5, result.total(), 1e-12);
        assertEquals(1.0, result.share().share(), 1e-12);
        assertEquals(1.0, result.share().interval().lower(), 1e-12);
        assertEquals(1.0, result.share().interval().upper(), 1e-12);
    }

    @Test
    void anEvenDifferenceGivesTheFirstTokensTheirShareOfPositions() {
        List<PromptScores> prompts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            double[] aligned = new double[20];
            double[] reference = new double[20];
            Arrays.fill(reference, -0.25);
            prompts.add(new PromptScores("p" + i, aligned, reference));
        }
        assertEquals(0.25, PerPositionKl.estimate(prompts, 64, 5, 0.95, 100, 1).share().share(), 1e-12);
        assertEquals(0.5, PerPositionKl.estimate(prompts, 10, 5, 0.95, 100, 1).share().share(), 1e-12,
                "positions beyond maxPositions are left out");
    }

    @Test
    void theShareIntervalResamplesPromptsAndHoldsTheEstimate() {
        Random random = new Random(3);
        List<PromptScores> prompts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int length = 10 + random.nextInt(30);
            double[] aligned = new double[length];
            double[] reference = new double[length];
            for (int t = 0; t < length; t++) {
                reference[t] = -(t < 5 ? 2.0 : 0.1) - random.nextGaussian() * 0.3;
            }
            prompts.add(new PromptScores("p" + i, aligned, reference));
        }
        PerPositionKl.Result result = PerPositionKl.estimate(prompts, 64, 5, 0.95, 1000, 11);
        PerPositionKl.Share share = result.share();
        assertTrue(share.interval().contains(share.share()), share.toString());
        assertTrue(share.interval().upper() - share.interval().lower() > 0.001, share.toString());
        assertEquals(0, share.undefinedResamples());
        assertEquals(share, PerPositionKl.estimate(prompts, 64, 5, 0.95, 1000, 11).share(), "seeded");
    }

    @Test
    void noPositiveTotalLeavesTheShareUndefined() {
        List<PromptScores> same = List.of(new PromptScores("a", new double[] {-1, -2}, new double[] {-1, -2}),
                new PromptScores("b", new double[] {-1}, new double[] {-1}));
        PerPositionKl.Share share = PerPositionKl.estimate(same, 64, 5, 0.95, 50, 1).share();
        assertNull(share.share());
        assertNull(share.interval());
        assertEquals(50, share.undefinedResamples());
    }

    @Test
    void badInputIsNamed() {
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> new PromptScores("p7", new double[2], new double[3]));
        assertTrue(lengths.getMessage().contains("p7"), lengths.getMessage());
        IllegalArgumentException notFinite = assertThrows(IllegalArgumentException.class,
                () -> new PromptScores("p8", new double[] {0, Double.NEGATIVE_INFINITY}, new double[2]));
        assertTrue(notFinite.getMessage().contains("position 1"), notFinite.getMessage());
        IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
                () -> PerPositionKl.estimate(THREE, 4, 5, 0.95, 10, 1));
        assertTrue(head.getMessage().contains("firstTokens"), head.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PerPositionKl.estimate(List.of(), 64, 5, 0.95, 10, 1));
    }
}
