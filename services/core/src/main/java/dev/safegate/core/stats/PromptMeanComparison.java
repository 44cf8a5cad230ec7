package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Candidate vs. baseline on a per-prompt score (unsafe@k, unreliability), paired on the prompts both runs scored:
 * the difference of the means with a seeded paired bootstrap over prompts (interval and two-sided p-value).
 *
 * @param unpairedPrompts prompts scored in one run only (left out)
 */
public record PromptMeanComparison(double candidate, double baseline, double difference,
                                   Interval differenceInterval, double pValue, int pairedPrompts,
                                   int unpairedPrompts) {

    /** Empty when no prompt has a score in both runs. */
    public static Optional<PromptMeanComparison> compare(SortedMap<String, Double> candidate,
                                                         SortedMap<String, Double> baseline, double confidence,
                                                         PairedComparison.Bootstrap bootstrap) {
        List<PairedBootstrap.PromptValues> paired = new ArrayList<>();
        candidate.forEach((prompt, value) -> {
            Double base = baseline.get(prompt);
            if (base != null) {
                paired.add(new PairedBootstrap.PromptValues(value, base));
            }
        });
        if (paired.isEmpty()) {
            return Optional.empty();
        }
        PairedBootstrap.Result result = PairedBootstrap.runMeans(paired, bootstrap.resamples(), bootstrap.seed(),
                confidence);
        double candidateMean = paired.stream().mapToDouble(PairedBootstrap.PromptValues::candidate).average()
                .orElseThrow();
        double baselineMean = paired.stream().mapToDouble(PairedBootstrap.PromptValues::baseline).average()
                .orElseThrow();
        int unpaired = candidate.size() + baseline.size() - 2 * paired.size();
        return Optional.of(new PromptMeanComparison(candidateMean, baselineMean, result.difference(),
                result.interval(), result.pValue(), paired.size(), unpaired));
    }
}
