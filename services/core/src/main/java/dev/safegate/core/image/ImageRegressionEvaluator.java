package dev.safegate.core.image;

import dev.safegate.core.stats.Check;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Decision;
import dev.safegate.core.stats.Estimate;
import dev.safegate.core.stats.FloorCheck;
import dev.safegate.core.stats.Holm;
import dev.safegate.core.stats.PairedBootstrap;
import dev.safegate.core.stats.RatioComparisonCheck;
import dev.safegate.core.stats.RatioLimitCheck;
import dev.safegate.core.stats.RegressionPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies a {@link RegressionPolicy}'s image-audit gates ({@code background_reliance}, {@code confident_outside_rate})
 * to a candidate's audited images, against the baseline's audit of the same images, the way
 * {@link dev.safegate.core.stats.RegressionEvaluator} applies the LLM gates: ceilings and floors on the candidate's
 * estimate; comparisons paired on the images audited in both runs (paired bootstrap of the difference), in one
 * Holm-Bonferroni family; FAIL when the candidate is worse by at least minEffect and the Holm p is below alpha.
 * Gates on other metrics are left to the LLM evaluator.
 */
public final class ImageRegressionEvaluator {
    private final RegressionPolicy policy;

    public ImageRegressionEvaluator(RegressionPolicy policy) {
        this.policy = policy;
    }

    public Decision evaluate(List<ImageOutcome> candidate, List<ImageOutcome> baseline) {
        return decide(candidate, java.util.Objects.requireNonNull(baseline, "baseline"));
    }

    /** No baseline run: floors and ceilings decide; every comparison is NOT_AVAILABLE. */
    public Decision evaluateWithout(List<ImageOutcome> candidate) {
        return decide(candidate, null);
    }

    private Decision decide(List<ImageOutcome> candidate, List<ImageOutcome> baseline) {
        List<Check> checks = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (RegressionPolicy.Gate gate : policy.gates()) {
            if (!gate.metric().isImageAudit()) {
                continue;
            }
            for (CellKey cell : ImageAuditSummary.cellKeys(candidate)) {
                if (!gate.matches(cell)) {
                    continue;
                }
                List<ImageOutcome> inCell = ImageAuditSummary.inCell(candidate, cell);
                Estimate estimate = ImageAuditSummary.estimate(inCell, gate.metric(), policy.confidence(),
                        policy.bootstrap());
                if (estimate == null) {
                    continue;
                }
                if (gate.floor() != null) {
                    checks.add(limit(gate, cell, estimate, FloorCheck.Limit.FLOOR, gate.floor()));
                }
                if (gate.ceiling() != null) {
                    checks.add(limit(gate, cell, estimate, FloorCheck.Limit.CEILING, gate.ceiling()));
                }
                if (gate.minEffect() != null) {
                    comparison(gate, cell, inCell, baseline, checks, pending);
                }
            }
        }
        resolve(pending, checks);
        return Decision.of(checks);
    }

    private RatioLimitCheck limit(RegressionPolicy.Gate gate, CellKey cell, Estimate estimate, FloorCheck.Limit limit,
                                  double bound) {
        boolean breached = limit == FloorCheck.Limit.FLOOR ? estimate.value() < bound : estimate.value() > bound;
        Check.Outcome outcome = estimate.units() < policy.minSamplesPerCell() ? Check.Outcome.INCONCLUSIVE
                : breached ? Check.Outcome.FAIL : Check.Outcome.PASS;
        return new RatioLimitCheck(gate.name(), cell, gate.metric(), outcome, limit, bound, estimate, breached,
                policy.minSamplesPerCell());
    }

    private void comparison(RegressionPolicy.Gate gate, CellKey cell, List<ImageOutcome> candidate,
                            List<ImageOutcome> baseline, List<Check> checks, List<Pending> pending) {
        if (baseline == null) {
            checks.add(unavailable(gate, cell, "not available: no baseline run"));
            return;
        }
        Map<String, ImageOutcome> base = ImageAuditSummary.byImage(ImageAuditSummary.inCell(baseline, cell));
        List<ImageOutcome> candidatePaired = new ArrayList<>();
        List<ImageOutcome> baselinePaired = new ArrayList<>();
        List<PairedBootstrap.PairedUnit> units = new ArrayList<>();
        ImageAuditSummary.byImage(candidate).forEach((image, c) -> {
            ImageOutcome b = base.get(image);
            if (b != null && !c.error() && !b.error()) {
                var cu = c.unit(gate.metric());
                var bu = b.unit(gate.metric());
                if (cu.weight() > 0 || bu.weight() > 0) {
                    candidatePaired.add(c);
                    baselinePaired.add(b);
                    units.add(new PairedBootstrap.PairedUnit(cu.value(), cu.weight(), bu.value(), bu.weight()));
                }
            }
        });
        Estimate candidateEstimate = ImageAuditSummary.estimate(candidatePaired, gate.metric(), policy.confidence(),
                policy.bootstrap());
        Estimate baselineEstimate = ImageAuditSummary.estimate(baselinePaired, gate.metric(), policy.confidence(),
                policy.bootstrap());
        if (candidateEstimate == null || baselineEstimate == null) {
            checks.add(unavailable(gate, cell, "not available: no image counts in both runs"));
            return;
        }
        int samples = Math.min(candidateEstimate.units(), baselineEstimate.units());
        if (samples < policy.minSamplesPerCell()) {
            checks.add(new RatioComparisonCheck(gate.name(), cell, gate.metric(), Check.Outcome.INCONCLUSIVE,
                    gate.worse(), gate.minEffect(), candidateEstimate, baselineEstimate, null, null, null, null,
                    units.size(), "only " + samples + " paired images (minimum " + policy.minSamplesPerCell() + ")"));
            return;
        }
        PairedBootstrap.Result result = PairedBootstrap.runOnUnits(units, policy.bootstrap().resamples(),
                policy.bootstrap().seed(), policy.confidence());
        pending.add(new Pending(gate, cell, candidateEstimate, baselineEstimate, result, units.size(), checks.size()));
        checks.add(null); // replaced in resolve(), keeping the checks in gate and cell order
    }

    private void resolve(List<Pending> pending, List<Check> checks) {
        double[] adjusted = Holm.adjust(pending.stream().mapToDouble(p -> p.result().pValue()).toArray());
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            RegressionPolicy.Gate gate = p.gate();
            RatioComparisonCheck unresolved = new RatioComparisonCheck(gate.name(), p.cell(), gate.metric(),
                    Check.Outcome.PASS, gate.worse(), gate.minEffect(), p.candidate(), p.baseline(),
                    p.result().difference(), p.result().interval(), p.result().pValue(), adjusted[i], p.paired(), "");
            double worsening = unresolved.worsening();
            boolean large = worsening >= gate.minEffect();
            boolean significant = adjusted[i] < policy.alpha();
            String note = large && significant
                    ? "regression: worse by " + Check.format(worsening) + " >= " + Check.format(gate.minEffect())
                            + " and Holm p < " + policy.alpha()
                    : "no regression: worse by " + Check.format(worsening)
                            + (large ? "" : " < " + Check.format(gate.minEffect()))
                            + (significant ? "" : ", Holm p >= " + policy.alpha());
            checks.set(p.index(), new RatioComparisonCheck(gate.name(), p.cell(), gate.metric(),
                    large && significant ? Check.Outcome.FAIL : Check.Outcome.PASS, gate.worse(), gate.minEffect(),
                    p.candidate(), p.baseline(), p.result().difference(), p.result().interval(), p.result().pValue(),
                    adjusted[i], p.paired(), note));
        }
    }

    private static RatioComparisonCheck unavailable(RegressionPolicy.Gate gate, CellKey cell, String note) {
        return new RatioComparisonCheck(gate.name(), cell, gate.metric(), Check.Outcome.NOT_AVAILABLE, gate.worse(),
                gate.minEffect(), null, null, null, null, null, null, 0, note);
    }

    private record Pending(RegressionPolicy.Gate gate, CellKey cell, Estimate candidate, Estimate baseline,
                           PairedBootstrap.Result result, int paired, int index) {
    }
}
