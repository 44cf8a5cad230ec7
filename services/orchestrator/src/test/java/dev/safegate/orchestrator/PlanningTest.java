package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.Plans;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.run.PlanRequest;
import dev.safegate.orchestrator.run.PlannedRun;
import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunPlanner;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.proto.v1.RunEvent.Role;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Idempotent planning on (model, version, plan) and the baseline rule. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class PlanningTest {
    @Inject
    RunPlanner planner;
    @Inject
    RunLifecycleStore store;
    @Inject
    ModelCatalog catalog;
    @Inject
    Plans plans;

    @Test
    void theSameVersionAndPlanIsPlannedOnce() {
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        String version = freshVersion();
        PlannedRun first = planner.plan(request(model, version, model.defaultPlan(), false));
        PlannedRun second = planner.plan(request(model, version, model.defaultPlan(), false));
        assertTrue(first.created());
        assertFalse(second.created());
        assertEquals(first.candidate().id(), second.candidate().id());
        // The baseline was planned once too.
        assertEquals(first.candidate().baselineRunId(), second.candidate().baselineRunId());
    }

    @Test
    void anotherPlanOrARerunIsANewRun() {
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        String version = freshVersion();
        Run first = planner.plan(request(model, version, model.defaultPlan(), false)).candidate();
        EvaluationPlan other = plans.parse("{\"suites\": [\"builtin\"], \"conditions\": [\"raw\"], \"judges\": [\"builtin-refusal\"]}");
        Run withOtherPlan = planner.plan(request(model, version, other, false)).candidate();
        Run rerun = planner.plan(request(model, version, model.defaultPlan(), true)).candidate();
        assertNotEquals(first.id(), withOtherPlan.id());
        assertNotEquals(first.id(), rerun.id());
        assertEquals(1, rerun.generation());
        assertEquals(first.baselineRunId(), rerun.baselineRunId(), "a re-run reuses the baseline's run");
    }

    @Test
    void aBaselineWithoutARunOfThePlanIsEvaluatedToo() {
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        String version = freshVersion();
        Run candidate = planner.plan(request(model, version, model.defaultPlan(), false)).candidate();
        Run baseline = store.find(candidate.baselineRunId()).orElseThrow();
        assertEquals(Role.BASELINE, baseline.role());
        assertEquals(Long.toString(Long.parseLong(version) - 1), baseline.modelVersion());
        assertEquals(candidate.planHash(), baseline.planHash());
    }

    @Test
    void aBaselineThatWasEvaluatedWithThePlanIsReused() {
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        long version = Long.parseLong(freshVersion());
        Run earlier = planner.plan(request(model, Long.toString(version), model.defaultPlan(), false)).candidate();
        Run next = planner.plan(request(model, Long.toString(version + 1), model.defaultPlan(), false)).candidate();
        assertEquals(earlier.id(), next.baselineRunId(), "the earlier candidate's run is the baseline");
    }

    @Test
    void versionOneOfANumberedModelHasNoBaseline() {
        RegisteredModel model = catalog.find("simulated-chat").orElseThrow();
        EvaluationPlan plan = plans.parse("{\"suites\": [{\"name\": \"builtin\", \"sample_size\": 2, \"seed\": 99}],"
                + " \"conditions\": [\"raw\"], \"judges\": [\"builtin-refusal\"]}");
        PlannedRun planned = planner.plan(request(model, "1", plan, false));
        assertEquals(null, planned.candidate().baselineRunId());
    }

    private static PlanRequest request(RegisteredModel model, String version, EvaluationPlan plan, boolean rerun) {
        return new PlanRequest(model, version, plan, null, rerun, "api");
    }
}
