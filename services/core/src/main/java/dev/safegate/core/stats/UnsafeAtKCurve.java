package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * unsafe@k for k = 1..n in one cell of repeated samples (a decoding sweep, samples per prompt): the mean over prompts
 * of the unbiased per-prompt estimate, each k with a bootstrap interval over prompts. Where an aligned model is safer
 * at k = 1 but its unsafe answers are only rarer, not gone, the curve of a base model catches up at large k.
 *
 * @param points one per k from 1 to the largest number of labelled samples any prompt has
 */
public record UnsafeAtKCurve(CellKey cell, List<Point> points) {

    /** unsafe@k averaged over the {@code prompts} that have at least k labelled samples. */
    public record Point(int k, double value, Interval interval, int prompts) {
    }

    /** Empty unless some prompt of the cell has at least two samples labelled by a harm judge. */
    public static Optional<UnsafeAtKCurve> of(CellKey cell, List<Observation> observations, double confidence,
                                              PairedComparison.Bootstrap bootstrap) {
        int maxSamples = (int) observations.stream().filter(Observation::labelKnown)
                .collect(java.util.stream.Collectors.groupingBy(Observation::pairingKey,
                        java.util.stream.Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (maxSamples < 2) {
            return Optional.empty();
        }
        List<Point> points = new ArrayList<>();
        for (int k = 1; k <= maxSamples; k++) {
            SortedMap<String, Double> scores = PromptScores.unsafeAtK(observations, k);
            int kk = k;
            PromptScores.mean(scores, scores.size(), confidence, bootstrap)
                    .ifPresent(mean -> points.add(new Point(kk, mean.value(), mean.interval(), mean.prompts())));
        }
        return Optional.of(new UnsafeAtKCurve(cell, points));
    }
}
