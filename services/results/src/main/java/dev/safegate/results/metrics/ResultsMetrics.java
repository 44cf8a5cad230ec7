package dev.safegate.results.metrics;

import dev.safegate.core.stats.CellAggregator;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.CellStats;
import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.stats.Reliability;
import dev.safegate.core.stats.UnsafeAtKCurve;
import dev.safegate.proto.Topics;
import dev.safegate.results.analysis.RunAnalysis;
import dev.safegate.results.report.Views;
import dev.safegate.results.report.WhiteBoxReport;
import dev.safegate.results.run.RunProgressCounts;
import dev.safegate.results.run.RunResults;
import dev.safegate.results.run.RunTracker;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.RunState;
import dev.safegate.results.store.RunProgressStore;
import dev.safegate.results.store.VerdictRow;
import dev.safegate.service.DeadLetters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The results service's Prometheus metrics. Labels are bounded: model, suite, condition (from the plans) and role;
 * never run ids. The gauges show the latest completed run of each model and role (its suite x condition totals),
 * and are recomputed from PostgreSQL when a run finishes and on every periodic check, never on a scrape.
 */
@ApplicationScoped
public class ResultsMetrics {
    private static final Logger LOG = Logger.getLogger(ResultsMetrics.class);
    private static final List<String> DECISIONS = List.of("PASS", "FAIL", "INCONCLUSIVE");
    private static final Map<String, String> DESCRIPTIONS = Map.of(
            "refusal", "refusal ratio of harmful prompts",
            "unsafe", "unsafe ratio of the answers a harm judge labelled",
            "misalignment", "misaligned ratio of the rubric judge's coherent answers",
            "unreliability", "mean per-prompt P90 - P10 over repeated samples (of the unsafe outcome where a harm"
                    + " judge ran, else of refusal)",
            "unsafe.at.k", "unsafe@k at the largest k every cell's prompt was sampled (label k)");
    /** White-box gauges: name -> what it shows (each with .lower and .upper bounds of its interval). */
    private static final Map<String, String> WHITE_BOX = Map.of(
            "safegate.kl.first.tokens.ratio", "share of the per-token KL from the reference in the first "
                    + WhiteBoxReport.FIRST_TOKENS + " answer tokens (reference_kl)",
            "safegate.detection.auroc.ratio", "AUROC of the prompts' projection onto the family's stored direction "
                    + "for the rubric judge's misaligned label (activations; label layer)",
            "safegate.direction.projection.shift", "mean projection onto the family's stored direction minus the "
                    + "baseline's on the same prompts, in the direction's units (activations; label layer)");

    private final MeterRegistry registry;
    private final RunProgressStore runs;
    private final RunProgressCounts counts;
    private final RunResults results;
    private final RunAnalysis analysis;
    private final DeadLetters deadLetters;
    private final Duration stalledAfter;

    private final Map<String, MultiGauge> ratioGauges = new java.util.LinkedHashMap<>();
    private final WhiteBoxReport whiteBox;
    private MultiGauge decision;
    private MultiGauge progress;
    private final AtomicLong incompleteRuns = new AtomicLong();
    private final AtomicLong stalledRuns = new AtomicLong();
    private final AtomicReference<Double> ingestLagSeconds = new AtomicReference<>(0.0);

    public ResultsMetrics(MeterRegistry registry, RunProgressStore runs, RunProgressCounts counts, RunResults results,
                          RunAnalysis analysis, DeadLetters deadLetters, WhiteBoxReport whiteBox,
                          @ConfigProperty(name = "safegate.results.stalled-after") Duration stalledAfter) {
        this.whiteBox = whiteBox;
        this.registry = registry;
        this.runs = runs;
        this.counts = counts;
        this.results = results;
        this.analysis = analysis;
        this.deadLetters = deadLetters;
        this.stalledAfter = stalledAfter;
        register();
    }

    private void register() {
        for (String metric : List.of("refusal", "unsafe", "misalignment", "unreliability", "unsafe.at.k")) {
            for (String suffix : List.of("", ".lower", ".upper")) {
                String name = "safegate." + metric + ".ratio" + suffix;
                ratioGauges.put(name, MultiGauge.builder(name)
                        .description("Latest completed run per model and role: " + DESCRIPTIONS.get(metric)
                                + (suffix.isEmpty() ? "" : " (" + suffix.substring(1) + " bound of the interval)")
                                + " of a suite under a condition; absent where not measured")
                        .register(registry));
            }
        }
        WHITE_BOX.forEach((name, description) -> {
            for (String suffix : List.of("", ".lower", ".upper")) {
                ratioGauges.put(name + suffix, MultiGauge.builder(name + suffix)
                        .description("Latest completed run per model and role: " + description
                                + (suffix.isEmpty() ? "" : " (" + suffix.substring(1) + " bound of the interval)"))
                        .register(registry));
            }
        });
        decision = MultiGauge.builder("safegate.run.decision")
                .description("1 for the latest decision of the model's newest decided candidate run, 0 for the others")
                .register(registry);
        progress = MultiGauge.builder("safegate.run.progress.ratio")
                .description("Stored verdicts / expected verdicts of the newest run per model and role")
                .register(registry);
        Gauge.builder("safegate.runs.incomplete", incompleteRuns, AtomicLong::get)
                .description("Runs given up as incomplete with no later completed run of the same model and role")
                .register(registry);
        Gauge.builder("safegate.runs.stalled", stalledRuns, AtomicLong::get)
                .description("Running runs with no new verdict for longer than safegate.results.stalled-after")
                .register(registry);
        Gauge.builder("safegate.ingest.lag.seconds", ingestLagSeconds, AtomicReference::get)
                .description("Time from judging to storing, for the newest verdict of the last stored batch")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        // Zero-valued series from the start, so that dashboards and increase() see the counters before a failure.
        deadLetters.count(Topics.VERDICTS);
        deadLetters.count(Topics.RUNS);
        refresh();
    }

    void onRunFinished(@Observes RunTracker.RunFinished event) {
        refresh();
    }

    /** Counts newly stored verdicts by judge and label, and the ingestion lag of the batch. */
    public void ingested(List<VerdictRow> inserted) {
        long newest = 0;
        for (VerdictRow row : inserted) {
            Counter.builder("safegate.verdicts.ingested")
                    .description("Verdicts stored (redeliveries not counted), by judge and label")
                    .tags("judge", row.judgeId(), "label", row.label())
                    .register(registry)
                    .increment();
            newest = Math.max(newest, row.judgedMs());
        }
        if (newest > 0) {
            ingestLagSeconds.set(Math.max(0, System.currentTimeMillis() - newest) / 1000.0);
        }
    }

    /** Recomputes every gauge from the database. Failures are logged and the previous values kept. */
    public synchronized void refresh() {
        try {
            refreshRatios();
            refreshDecisions();
            refreshProgress();
            incompleteRuns.set(runs.countUnresolvedIncomplete());
            stalledRuns.set(runs.idle(stalledAfter, RunState.RUNNING).size());
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the run gauges", e);
        }
    }

    private void refreshRatios() {
        Map<String, List<MultiGauge.Row<?>>> rows = new java.util.HashMap<>();
        ratioGauges.keySet().forEach(name -> rows.put(name, new ArrayList<>()));
        for (RunRecord run : runs.latestCompleted()) {
            double confidence = analysis.confidence(run.policy());
            PairedComparison.Bootstrap bootstrap = analysis.bootstrap(run.policy());
            List<Observation> observations = results.observations(run);
            for (CellStats cell : RunAnalysis.cells(observations)) {
                CellKey key = cell.key();
                if (key.suite().equals(CellKey.ALL) || key.condition().equals(CellKey.ALL)
                        || !key.category().equals(CellKey.ALL)) {
                    continue;
                }
                Tags tags = Tags.of("model", run.model(), "suite", key.suite(), "condition", key.condition(),
                        "role", run.role().toLowerCase(Locale.ROOT));
                addRatio(rows, "safegate.refusal.ratio", cell.harmfulRefusal(), confidence, tags);
                addRatio(rows, "safegate.unsafe.ratio", cell.unsafe(), confidence, tags);
                addRatio(rows, "safegate.misalignment.ratio", cell.misalignment(), confidence, tags);
                List<Observation> members = CellAggregator.inCell(observations, key);
                Metric of = members.stream().anyMatch(Observation::labelKnown) ? Metric.UNSAFE_RATE
                        : Metric.REFUSAL_RATE;
                Reliability.of(key, of, members, confidence, bootstrap).ifPresent(r -> addMean(rows,
                        "safegate.unreliability.ratio", r.unreliability().value(), r.unreliability().interval(), tags));
                UnsafeAtKCurve.of(key, members, confidence, bootstrap).ifPresent(curve -> {
                    // the largest k at which every prompt with labelled samples has a value
                    int everyPrompt = curve.points().getFirst().prompts();
                    curve.points().stream().filter(p -> p.prompts() == everyPrompt).reduce((a, b) -> b)
                            .ifPresent(p -> addMean(rows, "safegate.unsafe.at.k.ratio", p.value(), p.interval(),
                                    tags.and("k", Integer.toString(p.k()))));
                });
            }
            whiteBoxGauges(rows, run, observations, confidence, bootstrap);
        }
        rows.forEach((name, list) -> ratioGauges.get(name).register(list, true));
    }

    /** The white-box sections' headline numbers, with the same bounded labels (and the layer of a direction). */
    private void whiteBoxGauges(Map<String, List<MultiGauge.Row<?>>> rows, RunRecord run,
                                List<Observation> observations, double confidence,
                                PairedComparison.Bootstrap bootstrap) {
        List<Observation> baseline = run.isCandidate() && run.hasBaseline()
                ? runs.find(run.baselineRunId()).filter(b -> b.state() == RunState.COMPLETED)
                        .map(results::observations).orElse(null) : null;
        Views.WhiteBox section = whiteBox.of(run, observations, baseline, confidence, bootstrap);
        String role = run.role().toLowerCase(Locale.ROOT);
        for (Views.Kl kl : section.kl()) {
            Views.KlShare share = kl.share();
            if (share.share() != null && share.lower() != null) {
                addMean(rows, "safegate.kl.first.tokens.ratio", share.share(), new Interval(share.lower(),
                        share.upper()), Tags.of("model", run.model(), "suite", kl.suite(), "condition", kl.condition(),
                        "role", role));
            }
        }
        for (Views.Detection d : section.detection()) {
            Tags tags = Tags.of("model", run.model(), "suite", d.suite(), "condition", d.condition(), "role", role,
                    "layer", Integer.toString(d.layer()));
            if (d.auroc() != null) {
                addMean(rows, "safegate.detection.auroc.ratio", d.auroc().auroc(),
                        new Interval(d.auroc().lower(), d.auroc().upper()), tags);
            }
            if (d.shift() != null && d.shift().lower() != null) {
                addMean(rows, "safegate.direction.projection.shift", d.shift().shift(),
                        new Interval(d.shift().lower(), d.shift().upper()), tags);
            }
        }
    }

    private static void addMean(Map<String, List<MultiGauge.Row<?>>> rows, String name, double value,
                                Interval interval, Tags tags) {
        rows.get(name).add(MultiGauge.Row.of(tags, value));
        rows.get(name + ".lower").add(MultiGauge.Row.of(tags, interval.lower()));
        rows.get(name + ".upper").add(MultiGauge.Row.of(tags, interval.upper()));
    }

    private static void addRatio(Map<String, List<MultiGauge.Row<?>>> rows, String name, Proportion proportion,
                                 double confidence, Tags tags) {
        if (proportion.isEmpty()) {
            return;
        }
        Interval interval = proportion.wilson(confidence).orElseThrow();
        rows.get(name).add(MultiGauge.Row.of(tags, proportion.rate().getAsDouble()));
        rows.get(name + ".lower").add(MultiGauge.Row.of(tags, interval.lower()));
        rows.get(name + ".upper").add(MultiGauge.Row.of(tags, interval.upper()));
    }

    private void refreshDecisions() {
        Map<String, String> latestByModel = new java.util.TreeMap<>();
        runs.latestCompleted().stream()
                .filter(r -> r.isCandidate() && r.decision() != null)
                .forEach(r -> latestByModel.put(r.model(), r.decision()));
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        latestByModel.forEach((model, latest) -> DECISIONS.forEach(d ->
                rows.add(MultiGauge.Row.of(Tags.of("model", model, "decision", d), d.equals(latest) ? 1 : 0))));
        decision.register(rows, true);
    }

    private void refreshProgress() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (RunRecord run : runs.latestCreated()) {
            rows.add(MultiGauge.Row.of(Tags.of("model", run.model(), "role", run.role().toLowerCase(Locale.ROOT)),
                    progressRatio(run, counts.byJudge(run))));
        }
        progress.register(rows, true);
    }

    /** Verdicts of the plan's judges (each capped at the expected count) over the expected verdicts. */
    public static double progressRatio(RunRecord run, Map<String, Long> countsByJudge) {
        if (run.expectedVerdicts() == 0) {
            return 1.0;
        }
        long received = run.judgeIds().stream()
                .mapToLong(j -> Math.min(run.expectedTasks(), countsByJudge.getOrDefault(j, 0L))).sum();
        return (double) received / run.expectedVerdicts();
    }
}
