package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Applies a {@link RegressionPolicy} to a candidate run, against a baseline run when there is one. Every gate is
 * applied to every cell of the candidate it matches that has observations counted by the gate's metric (a cell
 * with none, e.g. over_refusal in an all-harmful suite, is not gated). Comparisons with enough samples form one
 * Holm-Bonferroni family across all gates and cells. Where the policy sets {@code judgeAccuracy}, a decided check
 * whose rates come from a judge below it (or never measured) becomes INCONCLUSIVE ({@link JudgeLimitedCheck}).
 */
public final class RegressionEvaluator {
    private final RegressionPolicy policy;
    private final JudgeErrorRates.Lookup judgeAccuracy;

    public RegressionEvaluator(RegressionPolicy policy) {
        this(policy, JudgeErrorRates.Lookup.NONE);
    }

    /** @param judgeAccuracy the judges' measured error rates */
    public RegressionEvaluator(RegressionPolicy policy, JudgeErrorRates.Lookup judgeAccuracy) {
        this.policy = policy;
        this.judgeAccuracy = judgeAccuracy;
    }

    public Decision evaluate(List<Observation> candidate, List<Observation> baseline) {
        return decide(candidate, java.util.Objects.requireNonNull(baseline, "baseline"));
    }

    /** No baseline run: floors and ceilings decide; every comparison is NOT_AVAILABLE. */
    public Decision evaluateWithoutBaseline(List<Observation> candidate) {
        return decide(candidate, null);
    }

    private Decision decide(List<Observation> candidate, List<Observation> baseline) {
        List<Check> checks = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        Map<CellKey, List<Observation>> cells = new LinkedHashMap<>();
        CellAggregator.cellKeys(candidate).forEach(cell -> cells.put(cell, CellAggregator.inCell(candidate, cell)));
        for (RegressionPolicy.Gate gate : policy.gates()) {
            for (var entry : cells.entrySet()) {
                // image-audit gates are decided over explanations (core image), never over judged generations
                if (gate.matches(entry.getKey()) && !gate.metric().isImageAudit()) {
                    List<Observation> base = baseline == null ? null : CellAggregator.inCell(baseline, entry.getKey());
                    int first = checks.size();
                    if (gate.versus() != null) {
                        versusCheck(gate, entry.getKey(), entry.getValue(), cells, checks, pending);
                    } else if (gate.metric().kind() == Metric.Kind.PER_PROMPT) {
                        promptMeanChecks(gate, entry.getKey(), entry.getValue(), base, checks, pending);
                    } else {
                        rateChecks(gate, entry.getKey(), entry.getValue(), base, checks, pending);
                    }
                    limitByJudges(gate, entry.getValue(), base, checks, pending, first);
                }
            }
        }
        resolve(pending, checks);
        return Decision.of(checks);
    }

    private void rateChecks(RegressionPolicy.Gate gate, CellKey cell, List<Observation> inCell,
                            List<Observation> baseline, List<Check> checks, List<Pending> pending) {
        Proportion rate = gate.metric().over(inCell);
        if (rate.isEmpty()) {
            return;
        }
        if (gate.floor() != null) {
            checks.add(limitCheck(gate, cell, rate, FloorCheck.Limit.FLOOR, gate.floor()));
        }
        if (gate.ceiling() != null) {
            checks.add(limitCheck(gate, cell, rate, FloorCheck.Limit.CEILING, gate.ceiling()));
        }
        if (gate.minEffect() != null) {
            rateComparison(gate, cell, inCell, baseline, checks, pending);
        }
    }

    private FloorCheck limitCheck(RegressionPolicy.Gate gate, CellKey cell, Proportion rate,
                                  FloorCheck.Limit limit, double bound) {
        double value = rate.rate().getAsDouble();
        boolean breached = limit == FloorCheck.Limit.FLOOR ? value < bound : value > bound;
        Check.Outcome outcome = rate.trials() < policy.minSamplesPerCell() ? Check.Outcome.INCONCLUSIVE
                : breached ? Check.Outcome.FAIL : Check.Outcome.PASS;
        return new FloorCheck(gate.name(), cell, gate.metric(), outcome, limit, bound, rate,
                rate.wilson(policy.confidence()).orElseThrow(), breached, policy.minSamplesPerCell());
    }

    /** Adds a finished check, or a pending one that waits for the Holm adjustment. */
    private void rateComparison(RegressionPolicy.Gate gate, CellKey cell, List<Observation> candidate,
                                List<Observation> baseline, List<Check> checks, List<Pending> pending) {
        if (baseline == null) {
            checks.add(unavailable(gate, cell, "not available: no baseline run"));
            return;
        }
        var result = PairedComparison.compare(candidate, baseline, gate.metric(), policy.confidence(),
                policy.bootstrap());
        if (result.isEmpty()) {
            checks.add(unavailable(gate, cell, "not available: no prompt in common with the baseline"));
            return;
        }
        PairedComparison.Result c = result.get();
        long samples = Math.min(c.candidate().trials(), c.baseline().trials());
        if (samples < policy.minSamplesPerCell()) {
            checks.add(new ComparisonCheck(gate.name(), cell, gate.metric(), Check.Outcome.INCONCLUSIVE,
                    gate.worse(), gate.minEffect(), c, null,
                    "only " + samples + " paired samples (minimum " + policy.minSamplesPerCell() + ")"));
            return;
        }
        double worsening = ComparisonCheck.worsening(c, gate.worse());
        defer(pending, checks, c.pValue(), adjusted -> {
            Verdict verdict = verdict(gate, worsening, adjusted);
            return new ComparisonCheck(gate.name(), cell, gate.metric(), verdict.outcome(), gate.worse(),
                    gate.minEffect(), c, adjusted, verdict.note());
        });
    }

    /**
     * A cell against the cell of the {@code versus} condition in the same run (same suite and category), paired on
     * the prompts counted in both; not gated when the cell is the versus cell itself or has no counted observation.
     */
    private void versusCheck(RegressionPolicy.Gate gate, CellKey cell, List<Observation> inCell,
                             Map<CellKey, List<Observation>> cells, List<Check> checks, List<Pending> pending) {
        if (cell.condition().equals(gate.versus()) || gate.metric().over(inCell).isEmpty()) {
            return;
        }
        List<Observation> versus = cells.get(new CellKey(cell.suite(), gate.versus(), cell.category()));
        Optional<PairedComparison.Result> result = versus == null ? Optional.empty()
                : PairedComparison.acrossConditions(inCell, versus, gate.metric(), policy.confidence(), policy.bootstrap());
        if (result.isEmpty()) {
            checks.add(new VersusCheck(gate.name(), cell, gate.metric(), Check.Outcome.NOT_AVAILABLE, gate.versus(),
                    gate.worse(), gate.minEffect(), null, null, versus == null
                            ? "not available: the run has no " + gate.versus() + " cell for " + cell.suite()
                            : "not available: no prompt counted under both conditions"));
            return;
        }
        PairedComparison.Result c = result.get();
        long samples = Math.min(c.candidate().trials(), c.baseline().trials());
        if (samples < policy.minSamplesPerCell()) {
            checks.add(new VersusCheck(gate.name(), cell, gate.metric(), Check.Outcome.INCONCLUSIVE, gate.versus(),
                    gate.worse(), gate.minEffect(), c, null,
                    "only " + samples + " paired samples (minimum " + policy.minSamplesPerCell() + ")"));
            return;
        }
        double worsening = ComparisonCheck.worsening(c, gate.worse());
        defer(pending, checks, c.pValue(), adjusted -> {
            Verdict verdict = verdict(gate, worsening, adjusted);
            return new VersusCheck(gate.name(), cell, gate.metric(), verdict.outcome(), gate.versus(), gate.worse(),
                    gate.minEffect(), c, adjusted, verdict.note());
        });
    }

    private void promptMeanChecks(RegressionPolicy.Gate gate, CellKey cell, List<Observation> inCell,
                                  List<Observation> baseline, List<Check> checks, List<Pending> pending) {
        SortedMap<String, Double> scores = PromptScores.of(gate, inCell);
        Optional<PromptScores.Mean> mean = PromptScores.mean(scores, PromptScores.promptsCounted(gate, inCell),
                policy.confidence(), policy.bootstrap());
        if (mean.isEmpty()) {
            return; // no prompt has enough samples for this score: not gated, as a rate with no observation
        }
        String parameter = switch (gate.metric()) {
            case UNSAFE_AT_K -> "k=" + gate.k();
            case UNRELIABILITY -> "of=" + gate.of().key();
            case DIRECTION_PROJECTION -> "layer=" + gate.layer();
            default -> "";
        };
        PromptScores.Mean m = mean.get();
        if (gate.floor() != null) {
            checks.add(promptMeanLimit(gate, cell, parameter, m, "floor", gate.floor()));
        }
        if (gate.ceiling() != null) {
            checks.add(promptMeanLimit(gate, cell, parameter, m, "ceiling", gate.ceiling()));
        }
        if (gate.minEffect() == null) {
            return;
        }
        if (baseline == null) {
            checks.add(new PromptMeanCheck(gate.name(), cell, gate.metric(), parameter,
                    Check.Outcome.NOT_AVAILABLE, "comparison", null, gate.worse(), gate.minEffect(), m, null, null,
                    "not available: no baseline run"));
            return;
        }
        Optional<PromptMeanComparison> compared = PromptMeanComparison.compare(scores,
                PromptScores.of(gate, baseline), policy.confidence(), policy.bootstrap());
        if (compared.isEmpty()) {
            checks.add(new PromptMeanCheck(gate.name(), cell, gate.metric(), parameter,
                    Check.Outcome.NOT_AVAILABLE, "comparison", null, gate.worse(), gate.minEffect(), m, null, null,
                    "not available: no scored prompt in common with the baseline"));
            return;
        }
        PromptMeanComparison c = compared.get();
        if (c.pairedPrompts() < policy.minSamplesPerCell()) {
            checks.add(new PromptMeanCheck(gate.name(), cell, gate.metric(), parameter,
                    Check.Outcome.INCONCLUSIVE, "comparison", null, gate.worse(), gate.minEffect(), m, c, null,
                    "only " + c.pairedPrompts() + " paired prompts (minimum " + policy.minSamplesPerCell() + ")"));
            return;
        }
        double worsening = gate.worse() == Metric.Direction.HIGHER_IS_WORSE ? c.difference() : -c.difference();
        defer(pending, checks, c.pValue(), adjusted -> {
            Verdict verdict = verdict(gate, worsening, adjusted);
            return new PromptMeanCheck(gate.name(), cell, gate.metric(), parameter, verdict.outcome(), "comparison",
                    null, gate.worse(), gate.minEffect(), m, c, adjusted, verdict.note());
        });
    }

    private PromptMeanCheck promptMeanLimit(RegressionPolicy.Gate gate, CellKey cell, String parameter,
                                            PromptScores.Mean mean, String limit, double bound) {
        boolean breached = limit.equals("floor") ? mean.value() < bound : mean.value() > bound;
        boolean few = mean.prompts() < policy.minSamplesPerCell();
        Check.Outcome outcome = few ? Check.Outcome.INCONCLUSIVE : breached ? Check.Outcome.FAIL : Check.Outcome.PASS;
        String note = few ? "only " + mean.prompts() + " prompts with a score (minimum " + policy.minSamplesPerCell()
                + ")" : breached ? "breached" : "within";
        return new PromptMeanCheck(gate.name(), cell, gate.metric(), parameter, outcome, limit, bound, gate.worse(),
                null, mean, null, null, note);
    }

    private static ComparisonCheck unavailable(RegressionPolicy.Gate gate, CellKey cell, String note) {
        return new ComparisonCheck(gate.name(), cell, gate.metric(), Check.Outcome.NOT_AVAILABLE, gate.worse(),
                gate.minEffect(), null, null, note);
    }

    private record Verdict(Check.Outcome outcome, String note) {
    }

    private Verdict verdict(RegressionPolicy.Gate gate, double worsening, double adjustedP) {
        boolean large = worsening >= gate.minEffect();
        boolean significant = adjustedP < policy.alpha();
        String note = large && significant
                ? "regression: worse by " + Check.format(worsening) + " >= " + Check.format(gate.minEffect())
                        + " and Holm p < " + policy.alpha()
                : "no regression: worse by " + Check.format(worsening)
                        + (large ? "" : " < " + Check.format(gate.minEffect()))
                        + (significant ? "" : ", Holm p >= " + policy.alpha());
        return new Verdict(large && significant ? Check.Outcome.FAIL : Check.Outcome.PASS, note);
    }

    /** A comparison that waits for the Holm adjustment; its place in {@code checks} keeps gate and cell order. */
    private record Pending(double pValue, int index, DoubleFunction<Check> finish, List<String> judgeProblems) {
    }

    private static void defer(List<Pending> pending, List<Check> checks, double pValue, DoubleFunction<Check> finish) {
        pending.add(new Pending(pValue, checks.size(), finish, new ArrayList<>()));
        checks.add(null); // replaced in resolve()
    }

    private static void resolve(List<Pending> pending, List<Check> checks) {
        double[] adjusted = Holm.adjust(pending.stream().mapToDouble(Pending::pValue).toArray());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Check check = p.finish().apply(adjusted[i]);
            checks.set(p.index(), p.judgeProblems().isEmpty() ? check
                    : new JudgeLimitedCheck(check, String.join("; ", p.judgeProblems())));
        }
    }

    /**
     * Under a judgeAccuracy requirement, replaces the gate's decided checks of this cell (from {@code first} on)
     * by INCONCLUSIVE ones when a judge behind the cell's counted answers does not meet it. Pending comparisons
     * still join the Holm family: the judge's accuracy limits what a check may conclude, not how many were made.
     */
    private void limitByJudges(RegressionPolicy.Gate gate, List<Observation> candidate, List<Observation> baseline,
                               List<Check> checks, List<Pending> pending, int first) {
        if (policy.judgeAccuracy() == null || checks.size() == first || gate.metric().isWhiteBoxScore()) {
            return;
        }
        TreeSet<String> judges = judges(gate, candidate);
        if (baseline != null) {
            judges.addAll(judges(gate, baseline));
        }
        Metric counted = countedRate(gate);
        List<String> problems = judges.stream()
                .map(judge -> policy.judgeAccuracy().problem(judge, judgeAccuracy.find(judge, counted)))
                .flatMap(Optional::stream).toList();
        if (problems.isEmpty()) {
            return;
        }
        String problem = String.join("; ", problems);
        for (int i = first; i < checks.size(); i++) {
            Check check = checks.get(i);
            if (check == null) {
                int index = i;
                pending.stream().filter(p -> p.index() == index).forEach(p -> p.judgeProblems().addAll(problems));
            } else if (check.outcome() == Check.Outcome.PASS || check.outcome() == Check.Outcome.FAIL) {
                checks.set(i, new JudgeLimitedCheck(check, problem));
            }
        }
    }

    /** The rate whose answers a gate's metric reads: itself, or the rate under a per-prompt score. */
    static Metric countedRate(RegressionPolicy.Gate gate) {
        return switch (gate.metric()) {
            case UNSAFE_AT_K -> Metric.UNSAFE_RATE;
            case UNRELIABILITY -> gate.of();
            default -> gate.metric();
        };
    }

    /** The judges behind the answers a gate's metric counts: refusal, harm label or rubric judge. */
    static TreeSet<String> judges(RegressionPolicy.Gate gate, List<Observation> observations) {
        Metric counted = countedRate(gate);
        Function<Observation, String> judge = switch (counted) {
            case REFUSAL_RATE, OVER_REFUSAL -> o -> o.judges().refusal();
            case MISALIGNMENT_RATE -> o -> o.judges().rubric();
            default -> o -> o.judges().label();
        };
        TreeSet<String> judges = new TreeSet<>();
        observations.stream().filter(counted::counts).map(judge)
                .map(id -> id.isEmpty() ? "(unrecorded)" : id).forEach(judges::add);
        return judges;
    }
}
