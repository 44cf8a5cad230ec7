package dev.safegate.core.whitebox;

import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Refusal against exit depth. Each early-exit layer is an ordinary condition cell (CellAggregator gives its
 * rates, and comparisons with the baseline at the same depth are ordinary paired comparisons); this adds the
 * curve in layer order and the comparison of one depth with full depth within a run, which pairs the same prompts
 * across two conditions (PairedComparison alone pairs a prompt only within its condition).
 */
public final class DepthCurve {
    private DepthCurve() {
    }

    /**
     * @param refusal refusals among harmful prompts (the refusal_rate metric; Wilson interval via the proportion)
     * @param overRefusal refusals among benign prompts (the over_refusal metric)
     */
    public record Point(int layer, Proportion refusal, Proportion overRefusal) {
    }

    /** @param byLayer the observations of each exit layer (full depth being the model's number of blocks) */
    public static List<Point> of(Map<Integer, List<Observation>> byLayer) {
        List<Point> points = new ArrayList<>();
        new TreeMap<>(byLayer).forEach((layer, observations) -> points.add(new Point(layer,
                Metric.REFUSAL_RATE.over(observations), Metric.OVER_REFUSAL.over(observations))));
        return points;
    }

    /**
     * The same prompts exited at one layer against full depth, in one run: the difference is (layer - full depth).
     * Empty when no prompt is counted in both.
     */
    public static Optional<PairedComparison.Result> againstFullDepth(List<Observation> atLayer,
            List<Observation> fullDepth, Metric metric, double confidence, PairedComparison.Bootstrap bootstrap) {
        return PairedComparison.acrossConditions(atLayer, fullDepth, metric, confidence, bootstrap);
    }
}
