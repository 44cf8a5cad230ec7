package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.awaitRunEvent;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static dev.safegate.orchestrator.TestSupport.tasksNow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.run.NewRun;
import dev.safegate.orchestrator.run.PlanningRecovery;
import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunStatus;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * A restart loses no run and re-publishes nothing twice: a run recorded just before a crash (PLANNED, nothing
 * on Kafka) is published by the recovery that runs at start-up, once; a published run is left alone.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class RecoveryTest {
    @Inject
    RunLifecycleStore store;
    @Inject
    PlanningRecovery recovery;
    @Inject
    ModelCatalog catalog;

    @Test
    void aRunLeftPlannedIsPublishedOnceByRecovery() {
        RegisteredModel model = catalog.find("ci-model").orElseThrow();
        // As if the orchestrator stopped right after recording the run: in the database, not on Kafka.
        Run recorded = store.insert(new NewRun(UUID.randomUUID().toString(), model.name(), freshVersion(),
                RunEvent.Role.CANDIDATE, model.defaultPlan().hash(), model.defaultPlan().canonicalJson(), 0, null,
                null, "api")).orElseThrow();
        assertTrue(store.unpublished().contains(recorded.id()));

        recovery.recover();

        RunEvent created = awaitRunEvent(recorded.id(), RunEvent.Type.CREATED);
        List<ConsumerRecord<String, byte[]>> tasks = tasksNow(recorded.id());
        assertEquals(created.getExpectedTasks(), tasks.size());
        Set<String> ids = tasks.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(tasks.size(), ids.size(), "each task published once");
        Run published = store.find(recorded.id()).orElseThrow();
        assertEquals(RunStatus.RUNNING, published.status());
        assertEquals(created.getExpectedTasks(), published.expectedTasks());

        // A second start publishes nothing of it again.
        recovery.recover();
        assertEquals(tasks.size(), tasksNow(recorded.id()).size());
    }

    @Test
    void aRunWhoseModelLeftTheModelsFileFailsInsteadOfPublishing() {
        RegisteredModel model = catalog.find("ci-model").orElseThrow();
        Run recorded = store.insert(new NewRun(UUID.randomUUID().toString(), "removed-model", "1",
                RunEvent.Role.CANDIDATE, model.defaultPlan().hash(), model.defaultPlan().canonicalJson(), 0, null,
                null, "api")).orElseThrow();
        recovery.recover();
        Run failed = store.find(recorded.id()).orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.failure().contains("removed-model"));
        assertTrue(tasksNow(recorded.id()).isEmpty());
    }
}
