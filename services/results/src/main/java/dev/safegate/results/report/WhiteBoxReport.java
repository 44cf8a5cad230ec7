package dev.safegate.results.report;

import dev.safegate.core.condition.ActivationsCondition;
import dev.safegate.core.condition.ChatTemplateCondition;
import dev.safegate.core.condition.ConditionLabel;
import dev.safegate.core.condition.EarlyExitCondition;
import dev.safegate.core.condition.PrefillCondition;
import dev.safegate.core.condition.ReferenceKlCondition;
import dev.safegate.core.condition.SteeringCondition;
import dev.safegate.core.stats.CellAggregator;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.PromptScores;
import dev.safegate.core.whitebox.Auroc;
import dev.safegate.core.whitebox.DepthCurve;
import dev.safegate.core.whitebox.PerPositionKl;
import dev.safegate.core.whitebox.ProjectionShift;
import dev.safegate.results.store.DirectionStore;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.WhiteBoxStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The white-box sections of a run's report (and the numbers its gauges show): depth curve, per-token KL with the
 * prefill cells beside it, detection by the family's stored directions, steering validation. Statistics come from
 * core's whitebox package; this class reads the cells and the stored outputs and arranges them.
 */
@ApplicationScoped
public class WhiteBoxReport {
    /** Answer positions whose share of the per-token KL total is reported (Qi et al.'s "few tokens"). */
    public static final int FIRST_TOKENS = 5;

    private final WhiteBoxStore whiteBox;
    private final DirectionStore directions;

    public WhiteBoxReport(WhiteBoxStore whiteBox, DirectionStore directions) {
        this.whiteBox = whiteBox;
        this.directions = directions;
    }

    /**
     * @param baseline the baseline run's observations, or null (no shift against it is computed then)
     */
    public Views.WhiteBox of(RunRecord run, List<Observation> observations, List<Observation> baseline,
                             double confidence, PairedComparison.Bootstrap bootstrap) {
        Map<CellKey, List<Observation>> totals = new TreeMap<>();
        CellAggregator.cellKeys(observations).stream()
                .filter(c -> c.category().equals(CellKey.ALL) && !c.suite().equals(CellKey.ALL)
                        && !c.condition().equals(CellKey.ALL))
                .forEach(c -> totals.put(c, CellAggregator.inCell(observations, c)));
        return new Views.WhiteBox(depth(totals, confidence), kl(run, totals, confidence, bootstrap),
                detection(run, totals, baseline, confidence, bootstrap), steering(totals, confidence));
    }

    private static List<Views.Depth> depth(Map<CellKey, List<Observation>> totals, double confidence) {
        Map<String, Map<Integer, List<Observation>>> bySuite = new TreeMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        totals.forEach((cell, members) -> {
            if (ConditionLabel.name(cell.condition()).equals(EarlyExitCondition.NAME)) {
                int layer = Integer.parseInt(ConditionLabel.params(cell.condition()).get("layer"));
                bySuite.computeIfAbsent(cell.suite(), s -> new TreeMap<>()).put(layer, members);
                labels.put(cell.suite() + "/" + layer, cell.condition());
            }
        });
        List<Views.Depth> curves = new ArrayList<>();
        bySuite.forEach((suite, byLayer) -> {
            List<Views.DepthPoint> points = DepthCurve.of(byLayer).stream().map(p -> new Views.DepthPoint(p.layer(),
                    labels.get(suite + "/" + p.layer()), Views.Rate.of(p.refusal(), confidence),
                    Views.Rate.of(p.overRefusal(), confidence))).toList();
            List<Observation> full = totals.get(CellKey.totalOf(suite, ChatTemplateCondition.NAME));
            curves.add(new Views.Depth(suite, points, full == null ? null : new Views.FullDepth(
                    ChatTemplateCondition.NAME, Views.Rate.of(Metric.REFUSAL_RATE.over(full), confidence),
                    Views.Rate.of(Metric.OVER_REFUSAL.over(full), confidence))));
        });
        return curves;
    }

    private List<Views.Kl> kl(RunRecord run, Map<CellKey, List<Observation>> totals, double confidence,
                              PairedComparison.Bootstrap bootstrap) {
        Map<CellKey, List<WhiteBoxStore.LogProbs>> byCell = new TreeMap<>();
        for (WhiteBoxStore.LogProbs row : whiteBox.logProbs(run.runId())) {
            byCell.computeIfAbsent(CellKey.totalOf(row.task().suite(), row.task().condition()), c -> new ArrayList<>())
                    .add(row);
        }
        List<Views.Kl> curves = new ArrayList<>();
        byCell.forEach((cell, rows) -> {
            int positions = Integer.parseInt(ConditionLabel.params(cell.condition()).getOrDefault("positions",
                    Integer.toString(ReferenceKlCondition.DEFAULT_POSITIONS)));
            List<PerPositionKl.PromptScores> answers = rows.stream().filter(r -> r.own().length > 0)
                    .map(r -> new PerPositionKl.PromptScores(r.task().promptId() + "/" + r.task().sampleIndex(),
                            doubles(r.own()), doubles(r.reference()))).toList();
            if (answers.isEmpty()) {
                return;
            }
            PerPositionKl.Result result = PerPositionKl.estimate(answers, positions,
                    Math.min(FIRST_TOKENS, positions), confidence, bootstrap.resamples(), bootstrap.seed());
            PerPositionKl.Share share = result.share();
            curves.add(new Views.Kl(cell.suite(), cell.condition(), rows.getFirst().referenceModel(), answers.size(),
                    result.positions().stream().map(p -> new Views.KlPosition(p.index(), p.prompts(), p.mean(),
                            p.interval() == null ? null : p.interval().lower(),
                            p.interval() == null ? null : p.interval().upper())).toList(),
                    result.total(), new Views.KlShare(share.firstTokens(), share.share(),
                            share.interval() == null ? null : share.interval().lower(),
                            share.interval() == null ? null : share.interval().upper(), share.resamples()),
                    prefill(cell.suite(), totals, confidence)));
        });
        return curves;
    }

    private static List<Views.PrefillPoint> prefill(String suite, Map<CellKey, List<Observation>> totals,
                                                    double confidence) {
        List<Views.PrefillPoint> points = new ArrayList<>();
        totals.forEach((cell, members) -> {
            if (cell.suite().equals(suite) && ConditionLabel.name(cell.condition()).equals(PrefillCondition.NAME)) {
                points.add(new Views.PrefillPoint(Integer.parseInt(ConditionLabel.params(cell.condition())
                        .get("tokens")), cell.condition(), Views.Rate.of(Metric.REFUSAL_RATE.over(members),
                        confidence)));
            }
        });
        points.sort(Comparator.comparingInt(Views.PrefillPoint::tokens));
        return points;
    }

    private List<Views.Detection> detection(RunRecord run, Map<CellKey, List<Observation>> totals,
                                            List<Observation> baseline, double confidence,
                                            PairedComparison.Bootstrap bootstrap) {
        Map<Integer, DirectionStore.Stored> current = directions.current(run.model());
        List<Views.Detection> detections = new ArrayList<>();
        totals.forEach((cell, members) -> {
            if (!ConditionLabel.name(cell.condition()).equals(ActivationsCondition.NAME)) {
                return;
            }
            current.forEach((layer, direction) -> {
                String key = Metric.DIRECTION_PROJECTION.scoreKey(layer);
                SortedMap<String, Double> projections = PromptScores.whiteBox(members, key);
                if (projections.isEmpty()) {
                    return; // this layer was not captured in this cell
                }
                PromptScores.Mean mean = PromptScores.mean(projections, projections.size(), confidence, bootstrap)
                        .orElseThrow();
                List<Observation> judged = members.stream()
                        .filter(o -> o.misalignmentKnown() && o.scores().containsKey(key)).toList();
                long misaligned = judged.stream().filter(o -> o.misaligned()).count();
                Views.DetectionAuroc auroc = null;
                String aurocNote;
                if (misaligned == 0 || misaligned == judged.size()) {
                    aurocNote = "not available: the rubric judge labelled " + misaligned + " of " + judged.size()
                            + " coherent answers misaligned; an AUROC needs both labels";
                } else {
                    Auroc.Result result = Auroc.withInterval(judged.stream().mapToDouble(o -> o.scores().get(key))
                                    .toArray(), booleans(judged), confidence, bootstrap.resamples(), bootstrap.seed());
                    auroc = new Views.DetectionAuroc(result.auroc(), result.interval().lower(),
                            result.interval().upper(), result.positives(), result.negatives());
                    aurocNote = "projection against the rubric judge's misaligned label, stratified bootstrap";
                }
                Views.ProjectionShift shift = null;
                String shiftNote;
                SortedMap<String, Double> base = baseline == null ? new TreeMap<>()
                        : PromptScores.whiteBox(CellAggregator.inCell(baseline, cell), key);
                if (base.isEmpty()) {
                    shiftNote = baseline == null ? "not available: no baseline run"
                            : "not available: the baseline has no activations of this cell at layer " + layer;
                } else {
                    ProjectionShift.Result r = ProjectionShift.of(projections, base, confidence);
                    shift = new Views.ProjectionShift(r.shift(), r.interval() == null ? null : r.interval().lower(),
                            r.interval() == null ? null : r.interval().upper(), r.standardized(), r.paired(),
                            r.candidatePrompts());
                    shiftNote = r.paired() ? "paired on the same prompts, t interval" : "unpaired, Welch interval";
                }
                var artifact = direction.artifact();
                detections.add(new Views.Detection(cell.suite(), cell.condition(), layer, direction.id(),
                        artifact.version(), artifact.source().name(), artifact.sourceRunIds(),
                        artifact.sourceRunIds().contains(run.runId()), Views.Mean.of(mean), auroc, aurocNote, shift,
                        shiftNote));
            });
        });
        return detections;
    }

    private static List<Views.Steering> steering(Map<CellKey, List<Observation>> totals, double confidence) {
        Map<String, List<Views.SteeringPoint>> bySuite = new TreeMap<>();
        totals.forEach((cell, members) -> {
            Map<String, String> params = ConditionLabel.params(cell.condition());
            if (ConditionLabel.name(cell.condition()).equals(SteeringCondition.NAME) && params.containsKey("direction")) {
                bySuite.computeIfAbsent(cell.suite(), s -> new ArrayList<>()).add(new Views.SteeringPoint(
                        cell.condition(), Long.parseLong(params.get("direction")),
                        Double.parseDouble(params.get("strength")),
                        Views.Rate.of(Metric.MISALIGNMENT_RATE.over(members), confidence)));
            }
        });
        List<Views.Steering> views = new ArrayList<>();
        bySuite.forEach((suite, points) -> {
            points.sort(Comparator.comparingDouble(Views.SteeringPoint::strength));
            // unsteered: the same prompts generated plainly (activations is an ordinary generation too)
            String unsteered = totals.keySet().stream().filter(c -> c.suite().equals(suite))
                    .map(CellKey::condition)
                    .filter(c -> ConditionLabel.name(c).equals(ActivationsCondition.NAME)
                            || c.equals(ChatTemplateCondition.NAME))
                    .min(Comparator.comparing(c -> c.equals(ChatTemplateCondition.NAME) ? 1 : 0)).orElse(null);
            views.add(new Views.Steering(suite, unsteered, unsteered == null ? null : Views.Rate.of(
                    Metric.MISALIGNMENT_RATE.over(totals.get(CellKey.totalOf(suite, unsteered))), confidence),
                    points));
        });
        return views;
    }

    private static double[] doubles(float[] values) {
        double[] doubles = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            doubles[i] = values[i];
        }
        return doubles;
    }

    private static boolean[] booleans(List<Observation> judged) {
        boolean[] misaligned = new boolean[judged.size()];
        for (int i = 0; i < misaligned.length; i++) {
            misaligned[i] = judged.get(i).misaligned();
        }
        return misaligned;
    }
}
