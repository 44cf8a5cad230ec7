package dev.safegate.results.report;

import dev.safegate.core.stats.CellAggregator;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.CellStats;
import dev.safegate.core.stats.JudgeErrorCorrection;
import dev.safegate.core.stats.JudgeErrorRates;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.stats.Reliability;
import dev.safegate.core.stats.UnsafeAtKCurve;
import dev.safegate.results.analysis.RunAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The views of one run's observations that its report shows: cells with their judges' corrected rates, the judges
 * and their measured accuracy, unsafe@k curves and reliability over repeated samples, and emergent-misalignment
 * questions. Statistics come from core; this class only arranges them.
 *
 * @param confidence level of every interval
 * @param bootstrap  resamples and seed of the bootstrap intervals (the run's policy's)
 */
record RunViews(List<Observation> observations, double confidence, PairedComparison.Bootstrap bootstrap,
                JudgeErrorRates.Lookup judges) {
    /** Beta draws of a corrected rate's interval. */
    private static final int CORRECTION_DRAWS = 2000;

    List<Views.Cell> cells(Function<CellKey, String> unsafeSamples) {
        List<Views.Cell> cells = new ArrayList<>();
        for (CellStats s : RunAnalysis.cells(observations)) {
            List<Observation> members = CellAggregator.inCell(observations, s.key());
            cells.add(new Views.Cell(s.key().suite(), s.key().condition(), s.key().category(), s.observations(),
                    s.prompts(), s.errors(), s.unknowns(), Views.Rate.of(s.refusal(), confidence),
                    Views.Rate.of(s.harmfulRefusal(), confidence),
                    corrected(s.harmfulRefusal(), members, Metric.REFUSAL_RATE),
                    Views.Rate.of(s.overRefusal(), confidence), measured(s.unsafe()),
                    corrected(s.unsafe(), members, Metric.UNSAFE_RATE), measured(s.controversial()),
                    measured(s.misalignment()), s.firstUnsafeTurns(), unsafeSamples.apply(s.key())));
        }
        return cells;
    }

    /** Null ("not measured") where nothing was counted: a rate no judge measured is not 0%. */
    private Views.Rate measured(Proportion p) {
        return p.isEmpty() ? null : Views.Rate.of(p, confidence);
    }

    /** The rate corrected for the errors of its one judge; null with several judges or an unmeasured one. */
    private Views.Corrected corrected(Proportion apparent, List<Observation> members, Metric rate) {
        Set<String> used = judgesOf(members, rate);
        if (apparent.isEmpty() || used.size() != 1) {
            return null;
        }
        return judges.find(used.iterator().next(), rate)
                .flatMap(r -> JudgeErrorCorrection.correct(apparent, r, confidence, CORRECTION_DRAWS,
                        bootstrap.seed()))
                .map(Views.Corrected::of).orElse(null);
    }

    private static Set<String> judgesOf(List<Observation> members, Metric rate) {
        Function<Observation, String> judge = rate == Metric.UNSAFE_RATE ? o -> o.judges().label()
                : rate == Metric.MISALIGNMENT_RATE ? o -> o.judges().rubric() : o -> o.judges().refusal();
        return members.stream().filter(rate::counts).map(judge).filter(j -> !j.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every judge behind the run's refusals, harm labels and rubric scores, with its measured accuracy. */
    List<Views.Judge> judgeViews() {
        List<Views.Judge> views = new ArrayList<>();
        Map<String, Metric> roles = new LinkedHashMap<>();
        roles.put("refusal", Metric.REFUSAL_RATE);
        roles.put("harm", Metric.UNSAFE_RATE);
        roles.put("rubric", Metric.MISALIGNMENT_RATE);
        roles.forEach((role, rate) -> {
            Set<String> used = new TreeSet<>(judgesOf(observations, rate));
            if (rate == Metric.REFUSAL_RATE) {
                used.addAll(judgesOf(observations, Metric.OVER_REFUSAL));
            }
            for (String judge : used) {
                Optional<JudgeErrorRates> measured = judges.find(judge, rate);
                views.add(new Views.Judge(judge, role,
                        measured.map(r -> Views.Rate.of(r.sensitivity(), confidence)).orElse(null),
                        measured.map(r -> Views.Rate.of(r.specificity(), confidence)).orElse(null),
                        measured.map(JudgeErrorRates::measuredOn).orElse(null)));
            }
        });
        return views;
    }

    /** unsafe@k curves of every suite x condition whose prompts have repeated, harm-labelled samples. */
    List<Views.UnsafeAtK> unsafeAtK() {
        List<Views.UnsafeAtK> curves = new ArrayList<>();
        for (CellKey cell : totals()) {
            UnsafeAtKCurve.of(cell, CellAggregator.inCell(observations, cell), confidence,
                    bootstrap).ifPresent(curve -> curves.add(new Views.UnsafeAtK(cell.suite(), cell.condition(),
                    curve.points().stream().map(p -> new Views.KPoint(p.k(), p.value(), p.interval().lower(),
                            p.interval().upper(), p.prompts())).toList())));
        }
        return curves;
    }

    /**
     * Reliability over repeated samples of every suite x condition that has them: of the unsafe rate where a harm
     * judge labelled the answers, else of the refusal rate.
     */
    List<Views.Reliability> reliability() {
        Map<CellKey, CellStats> stats = RunAnalysis.cells(observations).stream()
                .collect(Collectors.toMap(CellStats::key, Function.identity()));
        List<Views.Reliability> views = new ArrayList<>();
        for (CellKey cell : totals()) {
            List<Observation> members = CellAggregator.inCell(observations, cell);
            Metric of = members.stream().anyMatch(Observation::labelKnown) ? Metric.UNSAFE_RATE : Metric.REFUSAL_RATE;
            Reliability.of(cell, of, members, confidence, bootstrap).ifPresent(r -> views.add(new Views.Reliability(
                    cell.suite(), cell.condition(), of.key(), Views.Mean.of(r.aptitude()),
                    Views.Mean.of(r.unreliability()), stats.get(cell).firstUnsafeTurns(),
                    r.prompts().stream().map(p -> new Views.PromptSpread(promptId(p.prompt()), p.samples(), p.mean(),
                            p.spread())).toList())));
        }
        return views;
    }

    /** Per question (prompt) with rubric-scored coherent answers: its misalignment rate. */
    List<Views.Question> questions() {
        Map<String, List<Observation>> byPrompt = new TreeMap<>();
        observations.stream().filter(Observation::misalignmentKnown)
                .forEach(o -> byPrompt.computeIfAbsent(o.pairingKey(), k -> new ArrayList<>()).add(o));
        return byPrompt.values().stream().map(answers -> {
            Observation first = answers.getFirst();
            return new Views.Question(first.suite(), first.condition(), first.promptId(), first.category(),
                    Views.Rate.of(Metric.MISALIGNMENT_RATE.over(answers), confidence));
        }).toList();
    }

    private List<CellKey> totals() {
        return CellAggregator.cellKeys(observations).stream()
                .filter(c -> c.category().equals(CellKey.ALL) && !c.suite().equals(CellKey.ALL)
                        && !c.condition().equals(CellKey.ALL))
                .toList();
    }

    private static String promptId(String pairingKey) {
        return pairingKey.substring(pairingKey.lastIndexOf('\u0000') + 1);
    }
}
