package dev.safegate.core.stats.sequential;

import dev.safegate.core.plan.PromptOrder;
import dev.safegate.core.stats.CellAggregator;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Check;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.RegressionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Watches a candidate run while it is generated, against its complete baseline, and says when a FAIL is certain
 * before the plan is finished. Every comparison gate x cell of the policy is one hypothesis of a group-sequential
 * Holm family ({@link SequentialHolm}) at one-sided level alpha / 2 on the worse side; gates without a
 * {@code sequential} block are members with their only look at the end, so they take their share of alpha
 * without ever stopping a run. Look k of a cell with N planned prompts (the baseline's) reads exactly the first
 * ceil(t_k N) prompts of the candidate's {@link PromptOrder} and is taken once all their samples have arrived, so
 * what it sees does not depend on when verdicts arrive.
 *
 * <p>At the end of the plan the fixed evaluator decides as without sequential gates. Its false-FAIL rate on the
 * worse side is at most alpha / 2 (a two-sided test at alpha), and the looks before the end spend at most alpha / 2,
 * so the whole procedure keeps the false-FAIL rate at or below the policy's alpha.
 */
public final class SequentialMonitor {
    private static final SequentialDesign END_ONLY = new SequentialDesign(List.of(1.0), SpendingFunction.POCOCK);

    /**
     * The evidence of one hypothesis at its latest look before the end.
     *
     * @param look    index of the look (0-based) of {@code looks}
     * @param prompts paired prompts read at that look, of {@code planned}
     */
    public record LookResult(String gate, Metric metric, CellKey cell, int look, int looks, double fraction,
                             int prompts, int planned, PairedScore score, double boundary, boolean failed) {
        public String summary() {
            return String.format(Locale.ROOT, "%s %s %s [gate %s] at look %d of %d (%d of %d paired prompts): "
                            + "worse by %s, z=%.2f %s boundary %.2f", failed ? "FAIL" : "continue", metric.key(),
                    cell, gate, look + 1, looks, prompts, planned, Check.format(score.worsening()), score.z(),
                    failed ? ">=" : "vs", boundary);
        }
    }

    /** A FAIL decided before the end of the plan, with every hypothesis' latest look. */
    public record EarlyFail(List<LookResult> failed, List<LookResult> looks) {
    }

    private final RegressionPolicy policy;

    public SequentialMonitor(RegressionPolicy policy) {
        this.policy = policy;
    }

    public boolean isSequential() {
        return policy.gates().stream().anyMatch(g -> g.sequential() != null);
    }

    public Optional<EarlyFail> check(String candidateRunId, List<Observation> candidate, List<Observation> baseline) {
        List<SequentialHolm.Hypothesis> family = new ArrayList<>();
        List<LookResult> latest = new ArrayList<>();
        for (RegressionPolicy.Gate gate : policy.gates()) {
            if (gate.minEffect() == null) {
                continue;
            }
            SequentialDesign design = gate.sequential() == null ? END_ONLY : gate.sequential();
            for (CellKey cell : CellAggregator.cellKeys(baseline)) {
                if (!gate.matches(cell)) {
                    continue;
                }
                if (gate.metric().kind() == Metric.Kind.PER_PROMPT || gate.versus() != null) {
                    // decided at the end only (never sequential): a member of the family with no look before it
                    if (!cell.condition().equals(gate.versus())) {
                        family.add(new SequentialHolm.Hypothesis(END_ONLY, gate.minEffect(), List.of()));
                        latest.add(null);
                    }
                    continue;
                }
                List<Observation> base = inCell(baseline, cell, gate);
                if (base.isEmpty()) {
                    continue;
                }
                List<SequentialHolm.Look> looks = looks(candidateRunId, gate, design,
                        inCell(candidate, cell, null), base);
                family.add(new SequentialHolm.Hypothesis(design, gate.minEffect(), looks));
                latest.add(looks.isEmpty() ? null : lookResult(gate, cell, design, looks.get(looks.size() - 1),
                        prompts(base).size()));
            }
        }
        SequentialHolm.Rejection[] rejected = SequentialHolm.rejections(policy.alpha() / 2, family);
        List<LookResult> failed = new ArrayList<>();
        List<LookResult> taken = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            LookResult look = latest.get(i);
            if (look == null) {
                continue;
            }
            SequentialHolm.Rejection rejection = rejected[i];
            // a rejection reports the look it first crossed at and the boundary of the level it was tested at
            LookResult result = rejection == null ? look : lookResult(look.gate(), look.metric(), look.cell(),
                    family.get(i), rejection, look.planned());
            taken.add(result);
            if (rejection != null) {
                failed.add(result);
            }
        }
        return failed.isEmpty() ? Optional.empty() : Optional.of(new EarlyFail(failed, taken));
    }

    /** The looks before the end whose prompts have all arrived, in order. */
    private List<SequentialHolm.Look> looks(String runId, RegressionPolicy.Gate gate, SequentialDesign design,
                                            List<Observation> candidate, List<Observation> baseline) {
        Map<String, List<Observation>> base = prompts(baseline);
        Map<String, List<Observation>> cand = prompts(candidate);
        List<String> order = new ArrayList<>(base.keySet());
        Map<String, Long> ranks = new HashMap<>();
        for (String p : order) {
            Observation o = base.get(p).get(0);
            ranks.put(p, PromptOrder.rank(runId, o.suite(), o.condition(), o.promptId()));
        }
        order.sort(Comparator.comparingLong(ranks::get));
        List<SequentialHolm.Look> looks = new ArrayList<>();
        PairedScore score = PairedScore.EMPTY;
        int read = 0;
        for (int k = 0; k < design.looks().size() - 1; k++) {
            int needed = design.promptsAt(k, order.size());
            for (; read < needed; read++) {
                String p = order.get(read);
                List<Observation> c = cand.getOrDefault(p, List.of());
                if (c.size() < base.get(p).size()) {
                    return looks; // this look's prompts have not all arrived
                }
                score = add(score, gate, c, base.get(p));
            }
            if (needed >= policy.minSamplesPerCell()) {
                looks.add(new SequentialHolm.Look(k, score));
            }
        }
        return looks;
    }

    /** Adds one prompt's worsening (candidate rate minus baseline rate, signed worse) where both sides count. */
    private static PairedScore add(PairedScore score, RegressionPolicy.Gate gate, List<Observation> candidate,
                                   List<Observation> baseline) {
        List<Observation> c = candidate.stream().filter(gate.metric()::counts).toList();
        List<Observation> b = baseline.stream().filter(gate.metric()::counts).toList();
        if (c.isEmpty() || b.isEmpty()) {
            return score;
        }
        double difference = rate(c, gate) - rate(b, gate);
        return score.add(gate.worse() == dev.safegate.core.stats.Metric.Direction.HIGHER_IS_WORSE
                ? difference : -difference);
    }

    private static double rate(List<Observation> counted, RegressionPolicy.Gate gate) {
        return counted.stream().filter(gate.metric()::isHit).count() / (double) counted.size();
    }

    private static LookResult lookResult(String gate, Metric metric, CellKey cell, SequentialHolm.Hypothesis hypothesis,
                                         SequentialHolm.Rejection rejection, int planned) {
        SequentialHolm.Look look = hypothesis.looks().stream().filter(l -> l.index() == rejection.look()).findFirst()
                .orElseThrow();
        SequentialDesign design = hypothesis.design();
        return new LookResult(gate, metric, cell, look.index(), design.looks().size(),
                design.looks().get(look.index()), look.score().prompts(), planned, look.score(),
                design.boundary(rejection.level()).at(look.index()), true);
    }

    private LookResult lookResult(RegressionPolicy.Gate gate, CellKey cell, SequentialDesign design,
                                  SequentialHolm.Look look, int planned) {
        double boundary = design.boundary(policy.alpha() / 2).at(look.index());
        return new LookResult(gate.name(), gate.metric(), cell, look.index(), design.looks().size(),
                design.looks().get(look.index()), look.score().prompts(), planned, look.score(), boundary, false);
    }

    /** The cell's observations; with a gate, only prompts that have at least one observation the gate counts. */
    private static List<Observation> inCell(List<Observation> observations, CellKey cell, RegressionPolicy.Gate gate) {
        List<Observation> members = CellAggregator.inCell(observations, cell);
        if (gate == null) {
            return members;
        }
        Map<String, List<Observation>> byPrompt = prompts(members);
        return members.stream().filter(o -> byPrompt.get(key(o)).stream().anyMatch(gate.metric()::counts)).toList();
    }

    private static Map<String, List<Observation>> prompts(List<Observation> observations) {
        Map<String, List<Observation>> byPrompt = new java.util.LinkedHashMap<>();
        observations.forEach(o -> byPrompt.computeIfAbsent(key(o), k -> new ArrayList<>()).add(o));
        return byPrompt;
    }

    private static String key(Observation o) {
        return o.pairingKey();
    }
}
