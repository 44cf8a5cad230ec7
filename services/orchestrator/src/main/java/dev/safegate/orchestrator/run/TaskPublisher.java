package dev.safegate.orchestrator.run;

import dev.safegate.core.condition.ConditionLabel;
import dev.safegate.core.image.ImageAuditExpansion;
import dev.safegate.core.image.ImageAuditPlan;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.Plan;
import dev.safegate.core.plan.PlanExpansion;
import dev.safegate.core.plan.PlanValidationException;
import dev.safegate.core.plan.PromptOrder;
import dev.safegate.core.suite.SuiteException;
import dev.safegate.orchestrator.OrchestratorMetrics;
import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.Plans;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.EvaluationKind;
import dev.safegate.proto.v1.RunEvent;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Expands a recorded run and publishes it: the CREATED event (with the expected task count) first, then
 * every task in the run's random order, then marks the run published. A crash in between leaves the run
 * PLANNED; publishing it again sends the same deterministic task ids, which consumers deduplicate (at-least-once
 * with idempotent consumers). A run is published by one thread at a time.
 */
@Singleton
public class TaskPublisher {
    private static final Logger LOG = Logger.getLogger(TaskPublisher.class);

    private final RunLifecycleStore store;
    private final ModelCatalog catalog;
    private final Plans plans;
    private final EventProducer producer;
    private final OrchestratorMetrics metrics;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    // One thread: runs publish in the order they were planned (a baseline before its candidate).
    private final ExecutorService background = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("safegate-publisher").daemon().factory());

    public TaskPublisher(RunLifecycleStore store, ModelCatalog catalog, Plans plans, EventProducer producer,
            OrchestratorMetrics metrics) {
        this.store = store;
        this.catalog = catalog;
        this.plans = plans;
        this.producer = producer;
        this.metrics = metrics;
    }

    /** Publishes in the background, so that a webhook or API call answers at once. */
    public void publishLater(String runId) {
        background.execute(() -> {
            try {
                publish(runId);
            } catch (RuntimeException e) {
                LOG.errorf(e, "run %s stays planned; publishing will be retried", runId);
            }
        });
    }

    /**
     * Publishes a planned run; does nothing for a run that is published, finished, or being published by
     * another thread.
     *
     * @return the number of tasks sent
     * @throws EventProducer.PublishException when Kafka fails (the run stays PLANNED and is retried)
     */
    public long publish(String runId) {
        if (!inFlight.add(runId)) {
            return 0;
        }
        try {
            Optional<Run> found = store.find(runId);
            if (found.isEmpty() || found.get().status() != RunStatus.PLANNED) {
                return 0;
            }
            return publish(found.get());
        } finally {
            inFlight.remove(runId);
        }
    }

    private long publish(Run run) {
        if (waitsForItsBaseline(run)) {
            LOG.debugf("run %s waits for its baseline run %s to finish", run.id(), run.baselineRunId());
            return 0;
        }
        Optional<RegisteredModel> model = catalog.find(run.model());
        if (model.isEmpty()) {
            return failed(run, "model '" + run.model() + "' is no longer in the models file");
        }
        PlanExpansion expansion;
        try {
            EvaluationPlan parsed = plans.parse(run.planJson());
            if (parsed instanceof ImageAuditPlan images) {
                return publishImageAudit(run, model.get(), images);
            }
            expansion = plans.expand((Plan) parsed, run.id());
        } catch (PlanValidationException | SuiteException e) {
            return failed(run, "cannot expand the plan: " + e.getMessage());
        }
        store.setExpectedTasks(run.id(), expansion.expectedTasks());
        Plan plan = expansion.plan();
        producer.send(created(run, expansion.expectedTasks(), plan.judges(), plan.policy()).build());
        TaskMessages messages = new TaskMessages(run.model(), run.modelVersion(), model.get().servedModel(),
                model.get().servedVersionOf(run.modelVersion()), run.role(), plan.judges(),
                run.createdAt().toEpochMilli());
        long sent = producer.sendTasks(inRunOrder(run.id(), expansion.tasks().map(messages::of)));
        metrics.tasksPublished(sent);
        if (store.markPublished(run.id())) {
            LOG.infof("run %s (%s %s, %s): %d tasks published", run.id(), run.model(), run.modelVersion(),
                    run.role(), sent);
        } else {
            LOG.infof("run %s was cancelled while its %d tasks were published", run.id(), sent);
        }
        return sent;
    }

    /** The run's CREATED event: what results needs to count its tasks and decide it. */
    private static RunEvent.Builder created(Run run, long expectedTasks, List<String> judges, String policy) {
        return RunEvent.newBuilder()
                .setRunId(run.id())
                .setType(RunEvent.Type.CREATED)
                .setExpectedTasks(expectedTasks)
                .addAllJudgeIds(judges)
                .setModel(run.model())
                .setModelVersion(run.modelVersion())
                .setRole(run.role())
                .setBaselineRunId(run.baselineRunId() == null ? "" : run.baselineRunId())
                .setPlanHash(run.planHash())
                .setPolicy(policy)
                .setTimestampMs(System.currentTimeMillis());
    }

    /** An image audit: one task per image, each carrying its image; the run is explained by LIME, not judged. */
    private long publishImageAudit(Run run, RegisteredModel model, ImageAuditPlan plan) {
        ImageAuditExpansion expansion;
        try {
            expansion = plans.expandImages(plan, run.id());
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            return failed(run, "cannot read the plan's images: " + e.getMessage());
        }
        store.setExpectedTasks(run.id(), expansion.expectedTasks());
        producer.send(created(run, expansion.expectedTasks(), plan.judges(), plan.policy())
                .setKind(EvaluationKind.IMAGE_AUDIT).build());
        ImageTaskMessages messages = new ImageTaskMessages(run.model(), run.modelVersion(), model.servedModel(),
                model.servedVersionOf(run.modelVersion()), run.role(), run.createdAt().toEpochMilli(), plan);
        long sent = producer.sendTasks(expansion.tasks().stream().map(messages::of));
        metrics.tasksPublished(sent);
        if (store.markPublished(run.id())) {
            LOG.infof("image audit run %s (%s %s, %s): %d images published", run.id(), run.model(), run.modelVersion(),
                    run.role(), sent);
        }
        return sent;
    }

    /**
     * A candidate whose baseline run is still planned or generating is published when the baseline has finished
     * ({@link RunOutcomes}): a sequential decision compares the candidate's first prompts with the complete
     * baseline, so a candidate generated after its baseline can be stopped as soon as its FAIL is certain, while
     * one generated alongside it would be nearly finished by then. This costs wall time only when the baseline is
     * evaluated in the same request; a baseline evaluated before (the usual production version) is reused at once.
     */
    private boolean waitsForItsBaseline(Run run) {
        if (run.role() != RunEvent.Role.CANDIDATE || run.baselineRunId() == null) {
            return false;
        }
        return store.find(run.baselineRunId())
                .map(baseline -> baseline.status() == RunStatus.PLANNED || baseline.status() == RunStatus.RUNNING)
                .orElse(false);
    }

    /**
     * The run's own random order ({@link PromptOrder}, a prompt's samples together): any prefix of what the workers
     * have generated is a random sample of the plan, so a sequential look can decide before the plan is done.
     */
    public static Stream<EvalTask> inRunOrder(String runId, Stream<EvalTask> tasks) {
        record Ranked(long rank, EvalTask task) {
        }
        return tasks.map(t -> new Ranked(PromptOrder.rank(runId, t.getSuite(),
                        ConditionLabel.of(t.getCondition(), t.getConditionParams()), t.getPromptId()), t))
                .sorted(Comparator.comparingLong(Ranked::rank).thenComparingInt(r -> r.task().getSampleIndex()))
                .map(Ranked::task);
    }

    private long failed(Run run, String reason) {
        LOG.warnf("run %s failed: %s", run.id(), reason);
        store.fail(run.id(), reason);
        return 0;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }
}
