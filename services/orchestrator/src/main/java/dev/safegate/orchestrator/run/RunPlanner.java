package dev.safegate.orchestrator.run;

import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.orchestrator.OrchestratorMetrics;
import dev.safegate.proto.v1.RunEvent.Role;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.UUID;

/**
 * Turns a request into recorded runs, idempotently on (model, version, plan): the same version announced
 * twice gets the run it already has, unless a re-run is asked for. When the baseline version has no usable
 * run with the same plan, a baseline run is planned too (same tasks). Runs are recorded before anything is
 * published; publishing happens in the background ({@link TaskPublisher}).
 */
@Singleton
public class RunPlanner {
    private final RunLifecycleStore store;
    private final Baselines baselines;
    private final TaskPublisher publisher;
    private final OrchestratorMetrics metrics;

    public RunPlanner(RunLifecycleStore store, Baselines baselines, TaskPublisher publisher, OrchestratorMetrics metrics) {
        this.store = store;
        this.baselines = baselines;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    public PlannedRun plan(PlanRequest request) {
        String model = request.model().name();
        EvaluationPlan plan = request.plan();
        String planHash = plan.hash();
        Optional<Run> existing = store.latest(model, request.version(), planHash, Role.CANDIDATE);
        if (existing.isPresent() && !request.rerun()) {
            return new PlannedRun(existing.get(), false);
        }
        String baselineVersion = Optional.ofNullable(request.baselineVersion())
                .or(() -> baselines.of(request.model(), request.version()))
                .filter(version -> !version.equals(request.version()))
                .orElse(null);
        Run baseline = baselineVersion == null ? null : baselineRun(request, baselineVersion, planHash);
        int generation = existing.map(run -> run.generation() + 1).orElse(0);
        Optional<Run> candidate = record(new NewRun(newId(), model, request.version(), Role.CANDIDATE, planHash,
                plan.canonicalJson(), generation, baseline == null ? null : baseline.id(), baselineVersion,
                request.trigger()));
        if (candidate.isEmpty()) { // a concurrent request recorded it first
            return new PlannedRun(store.latest(model, request.version(), planHash, Role.CANDIDATE).orElseThrow(), false);
        }
        return new PlannedRun(candidate.get(), true);
    }

    private Run baselineRun(PlanRequest request, String version, String planHash) {
        String model = request.model().name();
        Optional<Run> usable = store.usableBaseline(model, version, planHash);
        if (usable.isPresent()) {
            return usable.get();
        }
        int generation = store.latest(model, version, planHash, Role.BASELINE)
                .map(run -> run.generation() + 1).orElse(0);
        return record(new NewRun(newId(), model, version, Role.BASELINE, planHash, request.plan().canonicalJson(),
                generation, null, null, request.trigger()))
                .or(() -> store.usableBaseline(model, version, planHash))
                .orElseThrow(() -> new IllegalStateException("baseline run of " + model + " " + version
                        + " vanished while planning"));
    }

    private Optional<Run> record(NewRun run) {
        Optional<Run> recorded = store.insert(run);
        recorded.ifPresent(r -> {
            metrics.runCreated(r.role());
            publisher.publishLater(r.id());
        });
        return recorded;
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
