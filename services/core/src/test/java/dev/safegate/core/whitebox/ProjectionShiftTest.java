package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.stat.inference.TTest;
import org.junit.jupiter.api.Test;

class ProjectionShiftTest {

    @Test
    void theSamePromptsArePairedByHand() {
        Map<String, Double> candidate = new LinkedHashMap<>(Map.of("a", 1.0, "b", 2.0, "c", 4.0));
        Map<String, Double> baseline = Map.of("a", 0.0, "b", 1.0, "c", 1.0);
        ProjectionShift.Result result = ProjectionShift.of(candidate, baseline, 0.95);
        // differences 1, 1, 3: mean 5/3, standard deviation sqrt(4/3); baseline 0, 1, 1: standard deviation sqrt(1/3)
        assertTrue(result.paired());
        assertEquals(5.0 / 3, result.shift(), 1e-12);
        double halfWidth = 4.302652729911275 * Math.sqrt(4.0 / 3) / Math.sqrt(3);
        assertEquals(5.0 / 3 - halfWidth, result.interval().lower(), 1e-9);
        assertEquals((5.0 / 3) / Math.sqrt(1.0 / 3), result.standardized(), 1e-12);
        candidate.put("only-in-candidate", 100.0);
        ProjectionShift.Result withExtra = ProjectionShift.of(candidate, baseline, 0.95);
        assertEquals(result.shift(), withExtra.shift(), 1e-12);
        assertEquals(1, withExtra.unpairedPrompts());
    }

    @Test
    void pairedIntervalAgreesWithThePairedTTest() {
        Map<String, Double> candidate = Map.of("a", 1.3, "b", 2.1, "c", 0.4, "d", 3.0, "e", 1.9);
        Map<String, Double> baseline = Map.of("a", 0.2, "b", 1.5, "c", 0.9, "d", 1.0, "e", 0.4);
        String[] order = {"a", "b", "c", "d", "e"};
        double p = new TTest().pairedTTest(values(candidate, order), values(baseline, order));
        // At confidence 1 - p the interval's lower end is exactly 0.
        assertEquals(0, ProjectionShift.of(candidate, baseline, 1 - p).interval().lower(), 1e-9);
    }

    @Test
    void differentPromptsAreComparedWithWelchsInterval() {
        Map<String, Double> candidate = Map.of("x", 1.0, "y", 3.5, "z", 2.0, "w", 4.1);
        Map<String, Double> baseline = Map.of("u", 0.1, "v", 0.3, "s", 1.2);
        ProjectionShift.Result result = ProjectionShift.of(candidate, baseline, 0.95);
        assertFalse(result.paired());
        assertEquals((1.0 + 3.5 + 2.0 + 4.1) / 4 - (0.1 + 0.3 + 1.2) / 3, result.shift(), 1e-12);
        double p = new TTest().tTest(values(candidate, "x", "y", "z", "w"), values(baseline, "u", "v", "s"));
        assertEquals(0, ProjectionShift.of(candidate, baseline, 1 - p).interval().lower(), 1e-9);
    }

    @Test
    void emptyRunsAreRefused() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                () -> ProjectionShift.of(Map.of(), Map.of("a", 1.0), 0.95));
        assertTrue(empty.getMessage().contains("0 candidate"), empty.getMessage());
    }

    private static double[] values(Map<String, Double> projections, String... order) {
        double[] values = new double[order.length];
        for (int i = 0; i < order.length; i++) {
            values[i] = projections.get(order[i]);
        }
        return values;
    }
}
