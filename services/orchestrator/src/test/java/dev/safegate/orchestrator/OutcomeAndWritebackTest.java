package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.eventually;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.registry.RegistryWriteback;
import dev.safegate.orchestrator.run.PlanRequest;
import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunPlanner;
import dev.safegate.orchestrator.run.RunStatus;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.orchestrator.run.Writeback;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** COMPLETED / INCOMPLETE events from the results service, and the write-back to a stub of MLflow's REST API. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = MlflowStub.class, restrictToAnnotatedClass = false)
class OutcomeAndWritebackTest {
    @Inject
    RunPlanner planner;
    @Inject
    RunLifecycleStore store;
    @Inject
    ModelCatalog catalog;

    @Test
    void aCompletedCandidateRecordsTheDecisionAndTagsTheMlflowVersion() {
        Run run = plan("simulated-chat");
        send(completed(run.id(), RunEvent.Decision.FAIL, "http://results.test/runs/" + run.id()));

        eventually(() -> assertEquals(Writeback.DONE, store.find(run.id()).orElseThrow().writeback()));
        Run done = store.find(run.id()).orElseThrow();
        assertEquals(RunStatus.COMPLETED, done.status());
        assertEquals("FAIL", done.decision());
        assertEquals(List.of("refusal rate dropped by 0.2"), done.reasons());
        Map<String, String> tags = tags(run);
        assertEquals("FAIL", tags.get(RegistryWriteback.DECISION_TAG));
        assertEquals("http://results.test/runs/" + run.id(), tags.get(RegistryWriteback.REPORT_TAG));
        assertEquals(run.id(), tags.get(RegistryWriteback.RUN_TAG));
        assertEquals("Bearer " + MlflowStub.TOKEN,
                MlflowStub.requestsFor(run.model(), run.modelVersion()).getFirst().authorization());
    }

    @Test
    void aFailedWriteIsRetriedUntilMlflowAcceptsIt() {
        Run run = plan("simulated-chat");
        MlflowStub.failNext(2);
        send(completed(run.id(), RunEvent.Decision.PASS, ""));

        eventually(() -> assertEquals(Writeback.DONE, store.find(run.id()).orElseThrow().writeback()));
        Run done = store.find(run.id()).orElseThrow();
        assertEquals(3, done.writebackAttempts(), "two failures, then success");
        assertEquals("PASS", tags(run).get(RegistryWriteback.DECISION_TAG));
        assertEquals("http://results.test/runs/" + run.id(), done.reportUrl(), "report link from results-url");
    }

    @Test
    void aRedeliveredOutcomeChangesNothing() throws InterruptedException {
        Run run = plan("simulated-chat");
        send(completed(run.id(), RunEvent.Decision.PASS, ""));
        eventually(() -> assertEquals(Writeback.DONE, store.find(run.id()).orElseThrow().writeback()));
        int requests = MlflowStub.requestsFor(run.model(), run.modelVersion()).size();

        send(completed(run.id(), RunEvent.Decision.FAIL, ""));
        Thread.sleep(1500); // consumer and write-back poll at 100 ms: long enough for a wrong second write
        assertEquals("PASS", store.find(run.id()).orElseThrow().decision());
        assertEquals(requests, MlflowStub.requestsFor(run.model(), run.modelVersion()).size());
    }

    @Test
    void anIncompleteRunFailsAndIsReportedInconclusive() {
        Run run = plan("simulated-chat");
        send(RunEvent.newBuilder().setRunId(run.id()).setType(RunEvent.Type.INCOMPLETE)
                .setMissing("12 verdicts of builtin-refusal").build());
        eventually(() -> assertEquals(Writeback.DONE, store.find(run.id()).orElseThrow().writeback()));
        Run failed = store.find(run.id()).orElseThrow();
        assertEquals(RunStatus.FAILED, failed.status());
        assertTrue(failed.failure().contains("12 verdicts"));
        assertEquals("INCONCLUSIVE", tags(run).get(RegistryWriteback.DECISION_TAG));
    }

    @Test
    void modelsOutsideMlflowAndBaselinesAreNotWrittenBack() {
        Run run = plan("ci-model");
        send(completed(run.id(), RunEvent.Decision.PASS, ""));
        eventually(() -> assertEquals(RunStatus.COMPLETED, store.find(run.id()).orElseThrow().status()));
        assertEquals(Writeback.NONE, store.find(run.id()).orElseThrow().writeback());

        Run candidate = plan("simulated-chat");
        Run baseline = store.find(candidate.baselineRunId()).orElseThrow();
        send(completed(baseline.id(), RunEvent.Decision.DECISION_UNSPECIFIED, ""));
        eventually(() -> assertEquals(RunStatus.COMPLETED, store.find(baseline.id()).orElseThrow().status()));
        assertEquals(Writeback.NONE, store.find(baseline.id()).orElseThrow().writeback());
    }

    @Test
    void aMalformedRunEventGoesToTheDeadLetterTopic() {
        String key = "malformed-" + freshVersion();
        try (EventClient client = EventClient.forSharedBroker()) {
            client.sendRaw(Topics.RUNS, key, "not protobuf".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
            var dead = client.await(Topics.DLQ, 1, r -> key.equals(r.key()), TestSupport.KAFKA_WAIT);
            assertFalse(dead.isEmpty(), "the record reached safegate.dlq");
        }
    }

    private Run plan(String modelName) {
        RegisteredModel model = catalog.find(modelName).orElseThrow();
        return planner.plan(new PlanRequest(model, freshVersion(), model.defaultPlan(), null, false, "api"))
                .candidate();
    }

    private static RunEvent completed(String runId, RunEvent.Decision decision, String reportUrl) {
        return RunEvent.newBuilder().setRunId(runId).setType(RunEvent.Type.COMPLETED).setDecision(decision)
                .addReasons("refusal rate dropped by 0.2").setReportUrl(reportUrl).build();
    }

    private static void send(RunEvent event) {
        try (EventClient client = EventClient.forSharedBroker()) {
            client.send(Topics.RUNS, event.getRunId(), event);
        }
    }

    private static Map<String, String> tags(Run run) {
        return MlflowStub.requestsFor(run.model(), run.modelVersion()).stream()
                .collect(Collectors.toMap(MlflowStub.TagRequest::key, MlflowStub.TagRequest::value, (a, b) -> b));
    }
}
