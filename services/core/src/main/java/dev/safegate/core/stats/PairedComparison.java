package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.Set;

/**
 * Candidate vs. baseline on one metric, paired on the same prompts (a prompt being suite + condition + promptId,
 * so totals over conditions pair each condition's prompt separately). Only prompts counted by the metric in both
 * runs are compared; the others are reported as unpaired. With exactly one sample per prompt on both sides:
 * McNemar's exact test and Newcombe's paired interval; otherwise a seeded paired bootstrap over prompts.
 */
public final class PairedComparison {
    private PairedComparison() {
    }

    public enum Method { MCNEMAR_EXACT, PAIRED_BOOTSTRAP }

    /**
     * @param difference         candidate rate minus baseline rate, over the paired prompts
     * @param pValue             two-sided, unadjusted
     * @param table              the paired 2x2 table (MCNEMAR_EXACT only; null for the bootstrap)
     * @param pairedPrompts      prompts present in both runs
     * @param unpairedPrompts    prompts present in only one run (left out)
     */
    public record Result(Metric metric, Method method, Proportion candidate, Interval candidateInterval,
                         Proportion baseline, Interval baselineInterval, double difference,
                         Interval differenceInterval, double pValue, PairedTable table,
                         int pairedPrompts, int unpairedPrompts) {
    }

    public record Bootstrap(int resamples, long seed) {
        public Bootstrap {
            if (resamples < 1) {
                throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
            }
        }
    }

    /** Empty when the runs have no counted prompt in common. */
    public static Optional<Result> compare(List<Observation> candidate, List<Observation> baseline, Metric metric,
                                           double confidence, Bootstrap bootstrap) {
        Map<String, List<Observation>> cand = byPrompt(candidate, metric);
        Map<String, List<Observation>> base = byPrompt(baseline, metric);
        List<String> paired = cand.keySet().stream().filter(base::containsKey).toList();
        Set<String> union = new HashSet<>(cand.keySet());
        union.addAll(base.keySet());
        int unpaired = union.size() - paired.size();
        if (paired.isEmpty()) {
            return Optional.empty();
        }
        List<Observation> candPaired = new ArrayList<>();
        List<Observation> basePaired = new ArrayList<>();
        paired.forEach(p -> {
            candPaired.addAll(cand.get(p));
            basePaired.addAll(base.get(p));
        });
        Proportion candRate = metric.over(candPaired);
        Proportion baseRate = metric.over(basePaired);
        Interval candCi = candRate.wilson(confidence).orElseThrow();
        Interval baseCi = baseRate.wilson(confidence).orElseThrow();
        double difference = candRate.rate().getAsDouble() - baseRate.rate().getAsDouble();

        boolean singleSample = paired.stream().allMatch(p -> cand.get(p).size() == 1 && base.get(p).size() == 1);
        if (singleSample) {
            PairedTable table = table(paired, cand, base, metric);
            return Optional.of(new Result(metric, Method.MCNEMAR_EXACT, candRate, candCi, baseRate, baseCi,
                    difference, NewcombePairedInterval.of(table, confidence),
                    McNemar.exactP(table.firstOnly(), table.secondOnly()), table, paired.size(), unpaired));
        }
        List<PairedBootstrap.PromptCounts> counts = paired.stream()
                .map(p -> new PairedBootstrap.PromptCounts(hits(cand.get(p), metric), cand.get(p).size(),
                        hits(base.get(p), metric), base.get(p).size()))
                .toList();
        PairedBootstrap.Result boot = PairedBootstrap.run(counts, bootstrap.resamples(), bootstrap.seed(), confidence);
        return Optional.of(new Result(metric, Method.PAIRED_BOOTSTRAP, candRate, candCi, baseRate, baseCi,
                difference, boot.interval(), boot.pValue(), null, paired.size(), unpaired));
    }

    /**
     * One condition against another in the same run, paired on the same prompts (PairedComparison alone pairs a
     * prompt only within its condition): e.g. an early exit against full depth. The difference is
     * {@code condition} minus {@code versus}. Empty when no prompt is counted under both.
     */
    public static Optional<Result> acrossConditions(List<Observation> condition, List<Observation> versus,
                                                    Metric metric, double confidence, Bootstrap bootstrap) {
        return compare(underOneName(condition), underOneName(versus), metric, confidence, bootstrap);
    }

    private static List<Observation> underOneName(List<Observation> observations) {
        return observations.stream().map(o -> new Observation(o.promptId(), o.suite(), "paired", o.category(),
                o.sampleIndex(), o.refusal(), o.label(), o.error(), o.expected(), o.judges(), o.misaligned(),
                o.firstUnsafeTurn(), o.scores())).toList();
    }

    /** Counted observations by prompt, in sorted prompt order so the bootstrap does not depend on input order. */
    private static Map<String, List<Observation>> byPrompt(List<Observation> observations, Metric metric) {
        Map<String, List<Observation>> result = new TreeMap<>();
        for (Observation o : observations) {
            if (metric.counts(o)) {
                String prompt = o.pairingKey();
                result.computeIfAbsent(prompt, k -> new ArrayList<>()).add(o);
            }
        }
        return result;
    }

    private static PairedTable table(List<String> paired, Map<String, List<Observation>> cand,
                                     Map<String, List<Observation>> base, Metric metric) {
        int both = 0, candOnly = 0, baseOnly = 0, neither = 0;
        for (String p : paired) {
            boolean c = metric.isHit(cand.get(p).get(0));
            boolean b = metric.isHit(base.get(p).get(0));
            if (c && b) both++;
            else if (c) candOnly++;
            else if (b) baseOnly++;
            else neither++;
        }
        return new PairedTable(both, candOnly, baseOnly, neither);
    }

    private static int hits(List<Observation> observations, Metric metric) {
        return (int) observations.stream().filter(metric::isHit).count();
    }
}
