package dev.safegate.core.stats;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * How reliably a model behaves over repeated runs of the same prompt (repeated multi-turn conversations, several
 * samples per prompt), as "LLMs Get Lost in Multi-Turn Conversation" measures it: per prompt the mean outcome of a
 * rate (aptitude) and P90 - P10 of it across the repeats (unreliability), and both averaged over the cell's prompts
 * with bootstrap intervals.
 *
 * @param of      the rate whose 0/1 outcome is measured per sample (refusal_rate or unsafe_rate)
 * @param prompts per prompt (pairing key): samples, mean and spread
 */
public record Reliability(CellKey cell, Metric of, PromptScores.Mean aptitude, PromptScores.Mean unreliability,
                          List<PromptReliability> prompts) {

    public record PromptReliability(String prompt, int samples, double mean, double spread) {
    }

    /** Empty unless some prompt of the cell has at least two samples the rate counts. */
    public static Optional<Reliability> of(CellKey cell, Metric of, List<Observation> observations,
                                           double confidence, PairedComparison.Bootstrap bootstrap) {
        SortedMap<String, Double> spread = PromptScores.unreliability(observations, of);
        if (spread.isEmpty()) {
            return Optional.empty();
        }
        SortedMap<String, Double> means = PromptScores.meanOutcome(observations, of);
        means.keySet().retainAll(spread.keySet());
        java.util.Map<String, Long> samples = observations.stream().filter(of::counts)
                .collect(java.util.stream.Collectors.groupingBy(Observation::pairingKey,
                        java.util.stream.Collectors.counting()));
        List<PromptReliability> prompts = spread.keySet().stream().map(p -> new PromptReliability(p,
                samples.get(p).intValue(), means.get(p), spread.get(p))).toList();
        int counted = PromptScores.promptsCounted(observations, of);
        return Optional.of(new Reliability(cell, of,
                PromptScores.mean(means, counted, confidence, bootstrap).orElseThrow(),
                PromptScores.mean(spread, counted, confidence, bootstrap).orElseThrow(), prompts));
    }
}
