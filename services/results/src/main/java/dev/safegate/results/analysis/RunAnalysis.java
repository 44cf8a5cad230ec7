package dev.safegate.results.analysis;

import dev.safegate.core.judge.RubricJudge;
import dev.safegate.core.stats.CellAggregator;
import dev.safegate.core.stats.CellStats;
import dev.safegate.core.stats.Decision;
import dev.safegate.core.stats.JudgeErrorRates;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.stats.RegressionEvaluator;
import dev.safegate.core.stats.RegressionPolicy;
import dev.safegate.core.stats.sequential.SequentialMonitor;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.results.store.VerdictRow;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The one place where the results service calls core's statistics: stored verdicts become {@link Observation}s,
 * observations become cells, and a candidate is decided by its regression policy.
 *
 * <p>A plan may name several judges; a task then has several verdicts but is one observation. The judges are read
 * in plan order: the harm label is the first known label of a harm judge, the refusal the first known refusal (so a
 * guard model listed first decides, and {@code builtin-refusal} fills in the refusal for a guard that gives none).
 * The rubric judge ({@code em-rubric}) measures alignment, not harm: its label is the answer's misalignment (UNSAFE:
 * misaligned, SAFE: aligned, UNKNOWN: incoherent, refusal or code), never the harm label. A task is an error when its
 * generation failed or no judge gave a label or a refusal; a task with a label but no refusal answer counts as not
 * refused. Each answer keeps the id and version of the judge that gave it (for its measured accuracy).
 */
@ApplicationScoped
public class RunAnalysis {

    /** A decision as the RunEvent carries it: the outcome and human-readable reasons. */
    public record Outcome(RunEvent.Decision decision, List<String> reasons) {
    }

    private final PolicyCatalog policies;
    private final JudgeAccuracyCatalog judgeAccuracy;

    public RunAnalysis(PolicyCatalog policies, JudgeAccuracyCatalog judgeAccuracy) {
        this.policies = policies;
        this.judgeAccuracy = judgeAccuracy;
    }

    /** The judges' measured accuracy, for reports and decisions. */
    public JudgeErrorRates.Lookup judgeAccuracy() {
        return judgeAccuracy;
    }

    public static List<Observation> observations(List<VerdictRow> rows, List<String> judgeOrder) {
        return observations(rows, judgeOrder, Map.of());
    }

    /** @param scores white-box scores by task id ({@link WhiteBoxScores}), given to the task's observation */
    public static List<Observation> observations(List<VerdictRow> rows, List<String> judgeOrder,
                                                 Map<String, Map<String, Double>> scores) {
        Map<String, List<VerdictRow>> byTask = new LinkedHashMap<>();
        rows.forEach(r -> byTask.computeIfAbsent(r.taskId(), k -> new ArrayList<>()).add(r));
        Comparator<VerdictRow> planOrder = Comparator.comparingInt(r -> {
            int index = judgeOrder.indexOf(r.judgeId());
            return index < 0 ? Integer.MAX_VALUE : index;
        });
        List<Observation> observations = new ArrayList<>(byTask.size());
        for (List<VerdictRow> verdicts : byTask.values()) {
            verdicts.sort(planOrder);
            Observation observation = observation(verdicts);
            Map<String, Double> taskScores = scores.get(verdicts.get(0).taskId());
            observations.add(taskScores == null ? observation : observation.withScores(taskScores));
        }
        return observations;
    }

    private static Observation observation(List<VerdictRow> verdicts) {
        VerdictRow first = verdicts.get(0);
        Optional<VerdictRow> rubric = verdicts.stream().filter(v -> v.judgeId().equals(RubricJudge.ID)).findFirst();
        Optional<VerdictRow> label = verdicts.stream()
                .filter(v -> !v.judgeId().equals(RubricJudge.ID) && !v.label().equals("UNKNOWN")).findFirst();
        Optional<VerdictRow> refusal = verdicts.stream().filter(v -> !v.refusal().equals("UNKNOWN")).findFirst();
        boolean error = first.generationFailed() || label.isEmpty() && refusal.isEmpty()
                && rubric.map(r -> r.label().equals("UNKNOWN")).orElse(true);
        Boolean misaligned = rubric.map(VerdictRow::label).filter(l -> !l.equals("UNKNOWN"))
                .map(l -> l.equals("UNSAFE")).orElse(null);
        return new Observation(first.promptId(), first.suite(), first.condition(), first.category(),
                first.sampleIndex(),
                refusal.map(r -> Observation.Refusal.valueOf(r.refusal())).orElse(Observation.Refusal.NONE),
                label.map(l -> Observation.SafetyLabel.valueOf(l.label())).orElse(Observation.SafetyLabel.UNKNOWN),
                error,
                first.shouldRefuse() ? Observation.ExpectedBehaviour.SHOULD_REFUSE
                        : Observation.ExpectedBehaviour.SHOULD_COMPLY,
                new Observation.Judges(refusal.map(RunAnalysis::judge).orElse(""),
                        label.map(RunAnalysis::judge).orElse(""), rubric.map(RunAnalysis::judge).orElse("")),
                misaligned, verdicts.stream().mapToInt(VerdictRow::firstUnsafeTurn).filter(t -> t > 0).min().orElse(0));
    }

    /** How rates name their judge: {@code id/version}, the key of its measured accuracy. */
    static String judge(VerdictRow verdict) {
        return verdict.judgeId() + "/" + verdict.judgeVersion();
    }

    /** Every cell: suite x condition x category, the suite x condition totals and the overall total. */
    public static List<CellStats> cells(List<Observation> observations) {
        return CellAggregator.aggregate(observations);
    }

    /** A metric per category, over all suites and conditions. */
    public static Map<String, Proportion> byCategory(List<Observation> observations, Metric metric) {
        Map<String, List<Observation>> groups = new TreeMap<>();
        observations.forEach(o -> groups.computeIfAbsent(o.category(), k -> new ArrayList<>()).add(o));
        Map<String, Proportion> result = new TreeMap<>();
        groups.forEach((category, members) -> result.put(category, metric.over(members)));
        return result;
    }

    /**
     * Decides a candidate. {@code baseline} is null when there is no usable baseline run; {@code noBaselineReason}
     * then says why, and the policy's floors and ceilings alone decide.
     */
    public Outcome decide(String policyName, List<Observation> candidate, List<Observation> baseline,
                          String noBaselineReason) {
        RegressionPolicy policy;
        try {
            policy = policies.byName(policyName);
        } catch (IllegalArgumentException e) {
            return new Outcome(RunEvent.Decision.INCONCLUSIVE, List.of("INCONCLUSIVE: " + e.getMessage()));
        }
        RegressionEvaluator evaluator = new RegressionEvaluator(policy, judgeAccuracy);
        Decision decision = baseline == null
                ? evaluator.evaluateWithoutBaseline(candidate)
                : evaluator.evaluate(candidate, baseline);
        List<String> reasons = new ArrayList<>(decision.summaryLines());
        if (baseline == null) {
            reasons.add(1, "no baseline comparison: " + noBaselineReason);
        }
        return new Outcome(RunEvent.Decision.valueOf(decision.outcome().name()), reasons);
    }

    /** Whether the policy has sequential gates (so that a running candidate is worth reading before its end). */
    public boolean isSequential(String policyName) {
        try {
            return new SequentialMonitor(policies.byName(policyName)).isSequential();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return false; // a policy that cannot be read stops nothing: the end decides
        }
    }

    /**
     * A FAIL that is already certain while the candidate is still being generated (a policy with sequential gates),
     * against its complete baseline; empty when the run must go on (or the policy cannot be read: the end decides).
     * {@code judged} of {@code planned} tasks had their verdicts when the looks were read.
     */
    public Optional<Outcome> decideEarly(String policyName, String candidateRunId, List<Observation> candidate,
                                         List<Observation> baseline, long judged, long planned) {
        if (!isSequential(policyName)) {
            return Optional.empty();
        }
        SequentialMonitor monitor = new SequentialMonitor(policies.byName(policyName));
        return monitor.check(candidateRunId, candidate, baseline).map(fail -> {
            List<String> reasons = new ArrayList<>();
            SequentialMonitor.LookResult first = fail.failed().get(0);
            reasons.add("FAIL: " + fail.failed().size() + " of " + fail.looks().size()
                    + " sequential checks failed at look " + (first.look() + 1) + " of " + first.looks()
                    + "; decided after " + judged + " of " + planned + " tasks were judged, the other "
                    + (planned - judged) + " are skipped unless already in flight");
            fail.failed().forEach(f -> reasons.add(f.summary()));
            return new Outcome(RunEvent.Decision.FAIL, reasons);
        });
    }

    /** The bootstrap of reported intervals: the policy's, or 2,000 resamples when the policy cannot be read. */
    public PairedComparison.Bootstrap bootstrap(String policyName) {
        try {
            return policies.byName(policyName).bootstrap();
        } catch (IllegalArgumentException e) {
            return new PairedComparison.Bootstrap(2000, 1);
        }
    }

    /** The interval level that reports and gauges use: the policy's, or 95% when the policy cannot be read. */
    public double confidence(String policyName) {
        try {
            return policies.byName(policyName).confidence();
        } catch (IllegalArgumentException e) {
            return 0.95;
        }
    }
}
