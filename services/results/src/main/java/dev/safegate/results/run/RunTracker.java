package dev.safegate.results.run;

import dev.safegate.core.stats.Observation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.results.analysis.RunAnalysis;
import dev.safegate.results.image.ImageAuditAnalysis;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.RunState;
import dev.safegate.results.store.RunProgressStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Decides when a run is finished and publishes that, once. A run is complete when every expected task has a verdict
 * from every judge of its plan. A complete baseline is COMPLETED at once, with no decision of its own (baselines are
 * not gated; their cells are in the report and the gauges). A complete candidate is decided against its baseline
 * run once that is COMPLETED; without a baseline run, or when the baseline gave up (INCOMPLETE, CANCELLED) or was
 * never announced within the stall timeout, the policy's floors and ceilings decide alone. A candidate whose policy
 * has sequential gates may be decided FAIL before it is complete (see {@link #decideEarlyIfCertain}).
 *
 * <p>Exactly once: the state change is a conditional update in PostgreSQL, and only the caller whose update won
 * publishes. If the publish fails, {@link #check()} publishes it again later.
 */
@ApplicationScoped
public class RunTracker {
    private static final Logger LOG = Logger.getLogger(RunTracker.class);
    private static final Duration REPUBLISH_GRACE = Duration.ofSeconds(30);

    /** Fired after a run finished, so that views (gauges) refresh. */
    public record RunFinished(String runId) {
    }

    private final RunProgressStore runs;
    private final RunProgressCounts counts;
    private final RunAnalysis analysis;
    private final ImageAuditAnalysis images;
    private final RunResults results;
    private final RunEventPublisher publisher;
    private final Event<RunFinished> finished;
    private final Duration stallTimeout;
    /** Stored verdicts of each running candidate when its sequential looks were last read (a throttle only). */
    private final Map<String, Long> earlyChecks = new java.util.concurrent.ConcurrentHashMap<>();

    public RunTracker(RunProgressStore runs, RunProgressCounts counts, RunAnalysis analysis, ImageAuditAnalysis images,
                      RunResults results, RunEventPublisher publisher, Event<RunFinished> finished,
                      @ConfigProperty(name = "safegate.results.stall-timeout") Duration stallTimeout) {
        this.runs = runs;
        this.counts = counts;
        this.analysis = analysis;
        this.images = images;
        this.results = results;
        this.publisher = publisher;
        this.finished = finished;
        this.stallTimeout = stallTimeout;
    }

    public void created(RunEvent event) {
        runs.create(event);
        runs.find(event.getRunId()).filter(r -> r.state() == RunState.RUNNING).ifPresent(r -> {
            if (!completeIfDone(r)) {
                decideEarlyIfCertain(r, 1); // its verdicts may all have arrived before it did
            }
        });
    }

    public void cancelled(String runId) {
        runs.transition(runId, List.of(RunState.RUNNING, RunState.WAITING_BASELINE), RunState.CANCELLED);
        decideWaitingFor(runId);
    }

    /**
     * New verdicts were stored for these runs; counts per judge only once enough verdicts are there. Failures are
     * logged: {@link #check()} tries again (and counts every running run, whatever the hint says).
     */
    public void progressed(Collection<String> runIds) {
        for (String runId : runIds) {
            try {
                Optional<RunRecord> running = runs.find(runId).filter(r -> r.state() == RunState.RUNNING);
                running.filter(r -> r.storedVerdicts() >= r.expectedVerdicts()).ifPresent(this::completeIfDone);
                running.filter(r -> r.storedVerdicts() < r.expectedVerdicts())
                        .ifPresent(r -> decideEarlyIfCertain(r, Math.max(1, r.expectedVerdicts() / 40)));
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not check run %s for completion; the periodic check will retry", runId);
            }
        }
    }

    /**
     * The periodic pass (every replica runs it; the conditional updates keep it safe): republishes events that did
     * not go out, completes runs whose check failed, gives up on stalled runs and decides candidates whose baseline
     * has finished or never came.
     */
    public void check() {
        runs.claimUnpublished(REPUBLISH_GRACE).forEach(this::publish);
        runs.inStates(RunState.RUNNING).forEach(run -> safely(run, () -> {
            if (!completeIfDone(run)) {
                decideEarlyIfCertain(run, 1);
            }
        }));
        runs.idle(stallTimeout, RunState.RUNNING).forEach(run -> safely(run, () -> giveUp(run)));
        runs.inStates(RunState.WAITING_BASELINE).forEach(run -> safely(run, () -> decideCandidate(run)));
    }

    private static void safely(RunRecord run, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, "periodic check of run %s failed; will retry", run.runId());
        }
    }

    private void giveUp(RunRecord run) {
        String missing = missing(run, counts.byJudge(run));
        List<String> reasons = List.of("no new verdict for " + stallTimeout.toSeconds() + " s; missing: " + missing);
        if (runs.finish(run.runId(), List.of(RunState.RUNNING), RunState.INCOMPLETE, null, reasons, missing)) {
            LOG.warnf("run %s is incomplete: %s", run.runId(), missing);
            publishFinished(run.runId());
            decideWaitingFor(run.runId());
        }
    }

    private boolean completeIfDone(RunRecord run) {
        if (!isComplete(run, counts.byJudge(run))) {
            return false;
        }
        if (run.isCandidate()) {
            decideCandidate(run);
        } else {
            List<String> reasons = List.of("baseline run: " + (run.isImageAudit()
                    ? images.outcomes(run).size() + " explained images" : results.observations(run).size()
                    + " observations") + "; baselines are compared against, not gated");
            if (runs.finish(run.runId(), List.of(RunState.RUNNING), RunState.COMPLETED, null, reasons, null)) {
                publishFinished(run.runId());
            }
            decideWaitingFor(run.runId());
        }
        return true;
    }

    /**
     * A running candidate whose policy has sequential gates and whose baseline is complete: FAIL now where that is
     * already certain (COMPLETED, so workers skip the remaining tasks). Read again once {@code step} more verdicts
     * are stored than at the last reading (new verdicts read after each 1/40 of the plan; the periodic check reads
     * any change, so that the last verdicts of a look are never left unread).
     */
    private void decideEarlyIfCertain(RunRecord run, long step) {
        if (!run.isCandidate() || run.isImageAudit() || !run.hasBaseline() || !analysis.isSequential(run.policy())) {
            return;
        }
        Long last = earlyChecks.get(run.runId());
        if (last != null && run.storedVerdicts() < last + step) {
            return;
        }
        earlyChecks.put(run.runId(), run.storedVerdicts());
        Optional<RunRecord> baseline = runs.find(run.baselineRunId()).filter(b -> b.state() == RunState.COMPLETED);
        if (baseline.isEmpty()) {
            return;
        }
        List<Observation> candidate = results.observations(run);
        Optional<RunAnalysis.Outcome> outcome = analysis.decideEarly(run.policy(), run.runId(), candidate,
                results.observations(baseline.get()), candidate.size(), run.expectedTasks());
        if (outcome.isPresent() && runs.finish(run.runId(), List.of(RunState.RUNNING), RunState.COMPLETED,
                outcome.get().decision().name(), outcome.get().reasons(), null)) {
            earlyChecks.remove(run.runId());
            LOG.infof("run %s of %s: %s", run.runId(), run.model(), outcome.get().reasons().get(0));
            publishFinished(run.runId());
        }
    }

    private void decideWaitingFor(String baselineRunId) {
        for (RunRecord candidate : runs.waitingFor(baselineRunId)) {
            decideCandidate(candidate);
        }
    }

    /** Decides a complete candidate, or parks it until its baseline finishes. */
    private void decideCandidate(RunRecord run) {
        RunAnalysis.Outcome outcome;
        if (!run.hasBaseline()) {
            outcome = decide(run, null, "the run names no baseline run");
        } else {
            Optional<RunRecord> baseline = runs.find(run.baselineRunId());
            RunState baselineState = baseline.map(RunRecord::state).orElse(null);
            if (baselineState == RunState.COMPLETED) {
                outcome = decide(run, baseline.get(), null);
            } else if (baselineState != null && baselineState.isFinal()) {
                outcome = decide(run, null, "baseline run " + run.baselineRunId() + " is " + baselineState);
            } else if (baselineState == null && isIdle(run)) {
                outcome = decide(run, null, "baseline run " + run.baselineRunId()
                        + " was not announced within " + stallTimeout.toSeconds() + " s");
            } else {
                runs.transition(run.runId(), List.of(RunState.RUNNING), RunState.WAITING_BASELINE);
                return;
            }
        }
        if (runs.finish(run.runId(), List.of(RunState.RUNNING, RunState.WAITING_BASELINE), RunState.COMPLETED,
                outcome.decision().name(), outcome.reasons(), null)) {
            LOG.infof("run %s of %s: %s", run.runId(), run.model(), outcome.reasons().get(0));
            publishFinished(run.runId());
        }
    }

    /** The policy's decision on a candidate: its judged observations, or for an image audit its explained images. */
    private RunAnalysis.Outcome decide(RunRecord run, RunRecord baseline, String noBaselineReason) {
        if (run.isImageAudit()) {
            return images.decide(run, baseline, noBaselineReason);
        }
        return analysis.decide(run.policy(), results.observations(run),
                baseline == null ? null : results.observations(baseline), noBaselineReason);
    }

    private boolean isIdle(RunRecord run) {
        return runs.idle(stallTimeout, run.state()).stream().anyMatch(r -> r.runId().equals(run.runId()));
    }

    private void publishFinished(String runId) {
        finished.fire(new RunFinished(runId));
        runs.find(runId).ifPresent(this::publish);
    }

    private void publish(RunRecord run) {
        try {
            publisher.publish(run);
            runs.markPublished(run.runId());
        } catch (RuntimeException e) {
            LOG.warnf(e, "could not publish the %s event of run %s; will retry", run.state(), run.runId());
        }
    }

    static boolean isComplete(RunRecord run, Map<String, Long> countsByJudge) {
        return run.judgeIds().stream().allMatch(j -> countsByJudge.getOrDefault(j, 0L) >= run.expectedTasks());
    }

    /** e.g. {@code builtin-refusal: 3 of 120 verdicts missing; qwen3guard: 120 of 120 verdicts missing}. */
    public static String missing(RunRecord run, Map<String, Long> countsByJudge) {
        List<String> parts = new ArrayList<>();
        for (String judge : run.judgeIds()) {
            long missing = Math.max(0, run.expectedTasks() - countsByJudge.getOrDefault(judge, 0L));
            if (missing > 0) {
                parts.add(judge + ": " + missing + " of " + run.expectedTasks() + " verdicts missing");
            }
        }
        return String.join("; ", parts);
    }
}
