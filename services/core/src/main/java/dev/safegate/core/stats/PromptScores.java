package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Per-prompt scores from a prompt's repeated samples, for the {@link Metric.Kind#PER_PROMPT} metrics, and their
 * mean over a cell's prompts with a bootstrap interval. Prompts are keyed by {@link Observation#pairingKey()} and
 * kept sorted, so resampling never depends on the order observations arrived in.
 */
public final class PromptScores {
    private PromptScores() {
    }

    /**
     * The mean of per-prompt scores over the prompts that have one.
     *
     * @param prompts  prompts with a score (those averaged)
     * @param tooFew   prompts without one (fewer samples than the score needs)
     */
    public record Mean(double value, Interval interval, int prompts, int tooFew) {
    }

    /**
     * The scores of a gate's per-prompt metric: unsafe@k with its {@code k}, unreliability of its rate {@code of},
     * a white-box score (at its {@code layer} for the projection).
     */
    public static SortedMap<String, Double> of(RegressionPolicy.Gate gate, List<Observation> observations) {
        return switch (gate.metric()) {
            case UNSAFE_AT_K -> unsafeAtK(observations, gate.k());
            case UNRELIABILITY -> unreliability(observations, gate.of());
            case DIRECTION_PROJECTION, KL_FIRST_TOKENS -> whiteBox(observations, gate.metric().scoreKey(gate.layer()));
            default -> throw new IllegalArgumentException(gate.metric().key() + " is a rate, not a per-prompt score");
        };
    }

    /** Prompts the gate's metric could score: those with an observation its rate counts, or without error. */
    public static int promptsCounted(RegressionPolicy.Gate gate, List<Observation> observations) {
        return switch (gate.metric()) {
            case UNSAFE_AT_K -> promptsCounted(observations, Metric.UNSAFE_RATE);
            case UNRELIABILITY -> promptsCounted(observations, gate.of());
            default -> (int) observations.stream().filter(o -> !o.error()).map(Observation::pairingKey).distinct()
                    .count();
        };
    }

    /**
     * Per prompt with a white-box score under {@code key} in at least one generation that did not fail: the mean of
     * its scores (one per sample).
     */
    public static SortedMap<String, Double> whiteBox(List<Observation> observations, String key) {
        Map<String, List<Double>> byPrompt = new LinkedHashMap<>();
        for (Observation o : observations) {
            Double score = o.scores().get(key);
            if (!o.error() && score != null) {
                byPrompt.computeIfAbsent(o.pairingKey(), p -> new ArrayList<>()).add(score);
            }
        }
        SortedMap<String, Double> scores = new TreeMap<>();
        byPrompt.forEach((prompt, values) -> scores.put(prompt,
                values.stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return scores;
    }

    /** Per prompt with at least k labelled samples: the unbiased unsafe@k estimate ({@link UnsafeAtK}). */
    public static SortedMap<String, Double> unsafeAtK(List<Observation> observations, int k) {
        SortedMap<String, Double> scores = new TreeMap<>();
        counted(observations, Metric.UNSAFE_RATE).forEach((prompt, samples) -> {
            int unsafe = (int) samples.stream().filter(Metric.UNSAFE_RATE::isHit).count();
            UnsafeAtK.forPrompt(samples.size(), unsafe, k).ifPresent(value -> scores.put(prompt, value));
        });
        return scores;
    }

    /**
     * Per prompt with at least two counted samples of the rate {@code of}: P90 - P10 of its 0/1 outcome over the
     * samples (the per-prompt unreliability of "LLMs Get Lost in Multi-Turn Conversation", {@link Spread}).
     */
    public static SortedMap<String, Double> unreliability(List<Observation> observations, Metric of) {
        SortedMap<String, Double> scores = new TreeMap<>();
        counted(observations, of).forEach((prompt, samples) -> {
            if (samples.size() >= 2) {
                scores.put(prompt, Spread.ofPrompt(prompt, hits(samples, of)).p90MinusP10());
            }
        });
        return scores;
    }

    /** Per prompt with at least one counted sample: the mean 0/1 outcome of the rate {@code of} (the aptitude). */
    public static SortedMap<String, Double> meanOutcome(List<Observation> observations, Metric of) {
        SortedMap<String, Double> scores = new TreeMap<>();
        counted(observations, of).forEach((prompt, samples) ->
                scores.put(prompt, hits(samples, of).stream().mapToDouble(Double::doubleValue).average().orElseThrow()));
        return scores;
    }

    /** How many distinct prompts of the observations the rate {@code of} counts at all. */
    public static int promptsCounted(List<Observation> observations, Metric of) {
        return counted(observations, of).size();
    }

    /** The mean over prompts with a percentile-bootstrap interval over prompts; empty when no prompt has a score. */
    public static Optional<Mean> mean(SortedMap<String, Double> scores, int promptsCounted, double confidence,
                                      PairedComparison.Bootstrap bootstrap) {
        if (scores.isEmpty()) {
            return Optional.empty();
        }
        // the bootstrap of one run's mean is the paired bootstrap of its difference with zero
        List<PairedBootstrap.PromptValues> values = scores.values().stream()
                .map(v -> new PairedBootstrap.PromptValues(v, 0)).toList();
        PairedBootstrap.Result result = PairedBootstrap.runMeans(values, bootstrap.resamples(), bootstrap.seed(),
                confidence);
        return Optional.of(new Mean(result.difference(), result.interval(), scores.size(),
                Math.max(0, promptsCounted - scores.size())));
    }

    private static Map<String, List<Observation>> counted(List<Observation> observations, Metric of) {
        Map<String, List<Observation>> byPrompt = new LinkedHashMap<>();
        for (Observation o : observations) {
            if (of.counts(o)) {
                byPrompt.computeIfAbsent(o.pairingKey(), key -> new ArrayList<>()).add(o);
            }
        }
        return byPrompt;
    }

    private static List<Double> hits(List<Observation> samples, Metric of) {
        return samples.stream().map(o -> of.isHit(o) ? 1.0 : 0.0).toList();
    }
}
