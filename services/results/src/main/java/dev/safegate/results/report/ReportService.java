package dev.safegate.results.report;

import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.CellStats;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.Proportion;
import dev.safegate.results.analysis.RunAnalysis;
import dev.safegate.results.api.ProblemException;
import dev.safegate.results.api.ReaderAuth;
import dev.safegate.results.metrics.ResultsMetrics;
import dev.safegate.results.run.RunProgressCounts;
import dev.safegate.results.run.RunResults;
import dev.safegate.results.run.RunTracker;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.RunProgressStore;
import dev.safegate.results.store.VerdictRow;
import dev.safegate.results.store.VerdictStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds reports, comparisons and sample pages from the stored runs and verdicts. */
@ApplicationScoped
public class ReportService {
    public static final int MAX_PAGE_SIZE = 200;

    private final RunProgressStore runs;
    private final VerdictStore verdicts;
    private final RunResults results;
    private final RunAnalysis analysis;
    private final RunProgressCounts progressCounts;
    private final WhiteBoxReport whiteBox;

    public ReportService(RunProgressStore runs, VerdictStore verdicts, RunResults results, RunAnalysis analysis,
                         RunProgressCounts progressCounts, WhiteBoxReport whiteBox) {
        this.progressCounts = progressCounts;
        this.runs = runs;
        this.verdicts = verdicts;
        this.results = results;
        this.analysis = analysis;
        this.whiteBox = whiteBox;
    }

    public RunRecord run(String runId) {
        return runs.find(runId).orElseThrow(() -> ProblemException.notFound("no run " + runId));
    }

    /** The report of a run that may not be announced yet (a baseline named by a candidate): null then. */
    public Views.Report findReport(String runId) {
        return runs.find(runId).isPresent() ? report(runId) : null;
    }

    public Views.Report report(String runId) {
        RunRecord run = run(runId);
        double confidence = analysis.confidence(run.policy());
        List<Observation> observations = results.observations(run);
        Map<String, Long> counts = progressCounts.byJudge(run);
        long stored = run.judgeIds().stream().mapToLong(j -> counts.getOrDefault(j, 0L)).sum();
        Views.Progress progress = new Views.Progress(run.expectedVerdicts(), stored,
                ResultsMetrics.progressRatio(run, counts), new TreeMap<>(counts),
                run.missing() != null ? run.missing() : RunTracker.missing(run, counts));
        RunViews views = new RunViews(observations, confidence, analysis.bootstrap(run.policy()),
                analysis.judgeAccuracy());
        return new Views.Report(Views.Run.of(run), new Views.Decision(run.decision(), run.reasons()), progress,
                confidence, views.cells(cell -> samplesLink(runId, cell, "UNSAFE")),
                categories(observations, confidence), views.judgeViews(), views.unsafeAtK(), views.reliability(),
                views.questions(),
                whiteBox.of(run, observations, baselineObservations(run), confidence, analysis.bootstrap(run.policy())),
                new Views.Links("/runs/" + runId, "/api/v1/runs/" + runId + "/samples",
                        "/api/v1/runs/" + runId + "/samples?label=UNSAFE",
                        run.hasBaseline() ? "/api/v1/runs/" + runId + "/comparison" : null));
    }

    /** The observations of the run's baseline once it is complete, else null. */
    private List<Observation> baselineObservations(RunRecord run) {
        if (!run.hasBaseline()) {
            return null;
        }
        return runs.find(run.baselineRunId()).filter(b -> b.state() == dev.safegate.results.store.RunState.COMPLETED)
                .map(results::observations).orElse(null);
    }

    private static List<Views.Category> categories(List<Observation> observations, double confidence) {
        Map<String, Proportion> refusal = RunAnalysis.byCategory(observations, Metric.REFUSAL_RATE);
        Map<String, Proportion> unsafe = RunAnalysis.byCategory(observations, Metric.UNSAFE_RATE);
        return refusal.keySet().stream().map(category -> new Views.Category(category,
                Views.Rate.of(refusal.get(category), confidence),
                unsafe.get(category).isEmpty() ? null : Views.Rate.of(unsafe.get(category), confidence))).toList();
    }

    /** The candidate against {@code baselineRunId}, or against its own baseline run when that is null. */
    public Views.Comparison compare(String runId, String baselineRunId) {
        RunRecord candidate = run(runId);
        String baselineId = baselineRunId != null && !baselineRunId.isBlank() ? baselineRunId
                : candidate.hasBaseline() ? candidate.baselineRunId() : null;
        if (baselineId == null) {
            throw ProblemException.badRequest("run " + runId + " has no baseline run; pass ?baseline=<run id>");
        }
        RunRecord baseline = run(baselineId);
        double confidence = analysis.confidence(candidate.policy());
        List<Observation> candidateObservations = results.observations(candidate);
        List<Observation> baselineObservations = results.observations(baseline);
        Map<CellKey, CellStats> baselineCells = new LinkedHashMap<>();
        RunAnalysis.cells(baselineObservations).forEach(c -> baselineCells.put(c.key(), c));
        List<Views.CellComparison> cells = new ArrayList<>();
        for (CellStats c : RunAnalysis.cells(candidateObservations)) {
            CellStats b = baselineCells.get(c.key());
            Views.Rate candRefusal = Views.Rate.of(c.harmfulRefusal(), confidence);
            Views.Rate candUnsafe = c.unsafe().isEmpty() ? null : Views.Rate.of(c.unsafe(), confidence);
            Views.Rate baseRefusal = b == null ? null : Views.Rate.of(b.harmfulRefusal(), confidence);
            Views.Rate baseUnsafe = b == null || b.unsafe().isEmpty() ? null : Views.Rate.of(b.unsafe(), confidence);
            cells.add(new Views.CellComparison(c.key().suite(), c.key().condition(), c.key().category(),
                    candRefusal, baseRefusal, difference(candRefusal, baseRefusal), candUnsafe, baseUnsafe,
                    difference(candUnsafe, baseUnsafe)));
        }
        RunAnalysis.Outcome outcome = analysis.decide(candidate.policy(), candidateObservations,
                baselineObservations, null);
        return new Views.Comparison(Views.Run.of(candidate), Views.Run.of(baseline),
                new Views.Decision(outcome.decision().name(), outcome.reasons()), confidence, cells);
    }

    private static Double difference(Views.Rate candidate, Views.Rate baseline) {
        return baseline == null || candidate == null || candidate.rate() == null || baseline.rate() == null ? null
                : candidate.rate() - baseline.rate();
    }

    /** Samples of a run; also of a run not announced yet, whose verdicts came first. */
    public Views.Samples samples(String runId, VerdictStore.SampleFilter filter, int page, int size, boolean reader) {
        if (runs.find(runId).isEmpty() && !verdicts.hasVerdicts(runId)) {
            throw ProblemException.notFound("no run " + runId);
        }
        if (page < 0) {
            throw ProblemException.badRequest("page must be >= 0, got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("size must lie in 1.." + MAX_PAGE_SIZE + ", got " + size);
        }
        if (filter.label() != null && !VerdictRow.labels().contains(filter.label())) {
            throw ProblemException.badRequest("label must be one of " + VerdictRow.labels() + ", got "
                    + filter.label());
        }
        VerdictStore.Page found = verdicts.samples(filter, page, size);
        List<Views.Sample> items = found.rows().stream().map(r -> new Views.Sample(r.taskId(), r.judgeId(),
                r.judgeVersion(), r.suite(), r.condition(), r.category(), r.promptId(), r.sampleIndex(),
                r.shouldRefuse(), r.label(), r.refusal(), r.categoriesJson(), r.error(), r.generationStatus(),
                r.generationError(), ReaderAuth.redact(r.prompt(), reader), ReaderAuth.redact(r.output(), reader),
                ReaderAuth.redact(r.rawOutput(), reader))).toList();
        Map<String, String> shown = new LinkedHashMap<>();
        putIfSet(shown, "suite", filter.suite());
        putIfSet(shown, "condition", filter.condition());
        putIfSet(shown, "category", filter.category());
        putIfSet(shown, "label", filter.label());
        putIfSet(shown, "judge", filter.judge());
        return new Views.Samples(runId, shown, page, size, found.total(), !reader, items);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    /** The HTML sample page of a cell; a totals field ({@value CellKey#ALL}) is left out of the filter. */
    public static String samplesLink(String runId, CellKey cell, String label) {
        StringBuilder link = new StringBuilder("/runs/").append(runId).append("/samples?label=").append(label);
        appendIfConcrete(link, "suite", cell.suite());
        appendIfConcrete(link, "condition", cell.condition());
        appendIfConcrete(link, "category", cell.category());
        return link.toString();
    }

    private static void appendIfConcrete(StringBuilder link, String name, String value) {
        if (!value.equals(CellKey.ALL)) {
            link.append('&').append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
