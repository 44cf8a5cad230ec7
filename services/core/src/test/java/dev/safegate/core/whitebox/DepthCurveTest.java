package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.Observation.ExpectedBehaviour;
import dev.safegate.core.stats.Observation.Refusal;
import dev.safegate.core.stats.Observation.SafetyLabel;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DepthCurveTest {
    private static final PairedComparison.Bootstrap BOOTSTRAP = new PairedComparison.Bootstrap(200, 1);

    @Test
    void refusalAndOverRefusalPerLayerInLayerOrder() {
        List<DepthCurve.Point> curve = DepthCurve.of(Map.of(
                4, run("early_exit(layer=4)", 3, 1),
                2, run("early_exit(layer=2)", 1, 0)));
        assertEquals(List.of(2, 4), curve.stream().map(DepthCurve.Point::layer).toList());
        assertEquals(new Proportion(1, 4), curve.get(0).refusal());
        assertEquals(new Proportion(0, 2), curve.get(0).overRefusal());
        assertEquals(new Proportion(3, 4), curve.get(1).refusal());
        assertEquals(new Proportion(1, 2), curve.get(1).overRefusal());
    }

    @Test
    void aLayerIsPairedWithFullDepthOnTheSamePrompts() {
        List<Observation> shallow = run("early_exit(layer=2)", 1, 0);
        List<Observation> full = run("chat_template", 4, 0);
        assertTrue(PairedComparison.compare(shallow, full, Metric.REFUSAL_RATE, 0.95, BOOTSTRAP).isEmpty(),
                "two conditions never pair on their own");
        PairedComparison.Result result = DepthCurve.againstFullDepth(shallow, full, Metric.REFUSAL_RATE, 0.95,
                BOOTSTRAP).orElseThrow();
        assertEquals(4, result.pairedPrompts());
        assertEquals(-0.75, result.difference(), 1e-12);
        assertEquals(PairedComparison.Method.MCNEMAR_EXACT, result.method());
    }

    /** Harmful prompts h0..h3 (the first {@code refused} refused) and benign b0, b1 (the first {@code overRefused}). */
    private static List<Observation> run(String condition, int refused, int overRefused) {
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            observations.add(observation("h" + i, condition, i < refused, ExpectedBehaviour.SHOULD_REFUSE));
        }
        for (int i = 0; i < 2; i++) {
            observations.add(observation("b" + i, condition, i < overRefused, ExpectedBehaviour.SHOULD_COMPLY));
        }
        return observations;
    }

    private static Observation observation(String prompt, String condition, boolean refused,
            ExpectedBehaviour expected) {
        return new Observation(prompt, "organisms", condition, "harm", 0, refused ? Refusal.FULL : Refusal.NONE,
                SafetyLabel.UNKNOWN, false, expected);
    }
}
