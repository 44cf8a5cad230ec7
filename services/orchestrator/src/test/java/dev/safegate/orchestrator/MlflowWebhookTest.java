package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.MLFLOW_SECRET;
import static dev.safegate.orchestrator.TestSupport.awaitRunEvent;
import static dev.safegate.orchestrator.TestSupport.awaitTasks;
import static dev.safegate.orchestrator.TestSupport.complete;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static dev.safegate.orchestrator.TestSupport.mlflow;
import static dev.safegate.orchestrator.TestSupport.task;
import static dev.safegate.orchestrator.TestSupport.tasksNow;
import static dev.safegate.orchestrator.TestSupport.versionCreated;
import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.condition.ConditionLabel;
import dev.safegate.core.plan.PromptOrder;
import dev.safegate.core.webhook.SignedDelivery;
import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.orchestrator.run.RunStatus;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class MlflowWebhookTest {
    @Inject
    RunLifecycleStore store;
    @Inject
    ModelCatalog catalog;
    @Inject
    MeterRegistry registry;

    @Test
    void validDeliveryPlansTheVersionAndPublishesCreatedBeforeItsTasks() {
        String version = freshVersion();
        String runId = mlflow(versionCreated("simulated-chat", version)).then()
                .statusCode(202)
                .body("status", equalTo("accepted"))
                .body("created", equalTo(true))
                .extract().path("run_id");
        Run planned = store.find(runId).orElseThrow();
        RunEvent baselineCreated = awaitRunEvent(planned.baselineRunId(), RunEvent.Type.CREATED);
        assertTrue(tasksNow(runId).isEmpty(), "the candidate waits while its baseline is generated");
        assertEquals(RunStatus.PLANNED, store.find(runId).orElseThrow().status());
        complete(baselineCreated.getRunId());

        RunEvent created = awaitRunEvent(runId, RunEvent.Type.CREATED);
        assertEquals(RunEvent.Role.CANDIDATE, created.getRole());
        assertEquals(version, created.getModelVersion());
        assertEquals(List.of("builtin-refusal"), created.getJudgeIdsList());
        assertFalse(created.getBaselineRunId().isEmpty(), "the previous version is evaluated as the baseline");
        assertTrue(created.getExpectedTasks() > 0);

        List<ConsumerRecord<String, byte[]>> records = awaitTasks(runId, created.getExpectedTasks());
        assertEquals(created.getExpectedTasks(), records.size());
        Set<String> ids = records.stream().map(ConsumerRecord::key).collect(Collectors.toSet());
        assertEquals(records.size(), ids.size(), "task ids are unique");
        EvalTask first = task(records.getFirst());
        assertEquals(first.getTaskId(), records.getFirst().key());
        assertEquals("simulated-chat", first.getServedModel());
        assertEquals(version, first.getServedVersion());
        assertFalse(first.getMessagesList().isEmpty());
        assertEquals(Set.of("chat_template", "raw"),
                records.stream().map(r -> task(r).getCondition()).collect(Collectors.toSet()));
        // published in the run's random order: on each partition, prompts by rank
        Map<Integer, List<Long>> ranks = records.stream().collect(Collectors.groupingBy(ConsumerRecord::partition,
                Collectors.mapping(r -> PromptOrder.rank(runId, task(r).getSuite(),
                        ConditionLabel.of(task(r).getCondition(), task(r).getConditionParams()),
                        task(r).getPromptId()), Collectors.toList())));
        ranks.values().forEach(r -> assertEquals(r.stream().sorted().toList(), r, "tasks in the run's order"));
        long firstTaskTime = records.stream().mapToLong(ConsumerRecord::timestamp).min().orElseThrow();
        assertTrue(created.getTimestampMs() <= firstTaskTime, "CREATED is published before the tasks");

        Run run = store.find(runId).orElseThrow();
        assertEquals(created.getBaselineRunId(), run.baselineRunId());
        assertEquals(Long.toString(Long.parseLong(version) - 1), run.baselineVersion());
        Run baseline = store.find(run.baselineRunId()).orElseThrow();
        assertEquals(RunEvent.Role.BASELINE, baseline.role());
        assertEquals(run.planHash(), baseline.planHash());
    }

    @Test
    void wrongSignatureIsRejectedAndPlansNothing() {
        String version = freshVersion();
        double before = deliveries("rejected_signature");
        mlflow(versionCreated("simulated-chat", version), UUID.randomUUID().toString(), Instant.now(), "not-the-secret")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
        assertEquals(before + 1, deliveries("rejected_signature"));
        assertNoRun("simulated-chat", version);
    }

    @Test
    void tamperedBodyIsRejected() {
        String version = freshVersion();
        String deliveryId = UUID.randomUUID().toString();
        String seconds = Long.toString(Instant.now().getEpochSecond());
        String signed = versionCreated("simulated-chat", version);
        given()
                .header("X-MLflow-Delivery-Id", deliveryId)
                .header("X-MLflow-Timestamp", seconds)
                .header("X-MLflow-Signature", SignedDelivery.sign(
                        MLFLOW_SECRET.getBytes(UTF_8), deliveryId, seconds, signed.getBytes(UTF_8)))
                .body(versionCreated("simulated-chat", freshVersion()))
                .post("/webhooks/mlflow")
                .then().statusCode(401);
        assertNoRun("simulated-chat", version);
    }

    @Test
    void staleTimestampIsRejected() {
        String version = freshVersion();
        double before = deliveries("rejected_stale");
        Instant sixMinutesAgo = Instant.now().minus(Duration.ofMinutes(6));
        mlflow(versionCreated("simulated-chat", version), UUID.randomUUID().toString(), sixMinutesAgo, MLFLOW_SECRET)
                .then().statusCode(401).contentType("application/problem+json");
        assertEquals(before + 1, deliveries("rejected_stale"));
        assertNoRun("simulated-chat", version);
    }

    @Test
    void repeatedDeliveryIdGetsTheFirstAnswerAndStartsNothing() {
        String deliveryId = UUID.randomUUID().toString();
        String first = mlflow(versionCreated("aliased-chat", freshVersion()), deliveryId, Instant.now(), MLFLOW_SECRET)
                .then().statusCode(202).extract().asString();
        double replayedBefore = deliveries("replayed");

        // Same delivery id, even with another (validly signed) body: the first answer, no new run.
        String otherVersion = freshVersion();
        Response again = mlflow(versionCreated("aliased-chat", otherVersion), deliveryId, Instant.now(), MLFLOW_SECRET);
        again.then().statusCode(202);
        assertEquals(first, again.asString());
        assertEquals(replayedBefore + 1, deliveries("replayed"));
        assertNoRun("aliased-chat", otherVersion);
    }

    @Test
    void unknownModelIsAcknowledgedIgnoredAndCounted() {
        double before = deliveries("ignored_unknown_model");
        mlflow(versionCreated("not-configured", "3")).then()
                .statusCode(202)
                .body("status", equalTo("ignored"))
                .body("reason", equalTo("model 'not-configured' is not in SafeGate's models file"));
        assertEquals(before + 1, deliveries("ignored_unknown_model"));
    }

    @Test
    void tagThenAliasOfTheSameVersionStartOneRun() {
        String version = freshVersion();
        String tagged = mlflow("""
                {"entity": "model_version_tag", "action": "set", "timestamp": "2025-01-01T00:00:00Z",
                 "data": {"name": "aliased-chat", "version": "%s", "key": "stage", "value": "candidate"}}
                """.formatted(version)).then().statusCode(202).body("created", equalTo(true))
                .extract().path("run_id");
        String aliased = mlflow(aliasCreated("aliased-chat", "champion", version)).then().statusCode(202)
                .body("created", equalTo(false))
                .extract().path("run_id");
        assertEquals(tagged, aliased);
    }

    @Test
    void safegateOwnTagsAreIgnored() {
        String version = freshVersion();
        mlflow("""
                {"entity": "model_version_tag", "action": "set", "timestamp": "2025-01-01T00:00:00Z",
                 "data": {"name": "aliased-chat", "version": "%s", "key": "safegate.decision", "value": "PASS"}}
                """.formatted(version)).then().statusCode(202).body("status", equalTo("ignored"));
        assertNoRun("aliased-chat", version);
    }

    @Test
    void theProductionAliasBecomesTheNextVersionsBaseline() {
        String production = freshVersion();
        mlflow(aliasCreated("aliased-chat", "production", production)).then().statusCode(202);
        String candidate = freshVersion();
        String runId = mlflow(versionCreated("aliased-chat", candidate)).then().statusCode(202)
                .extract().path("run_id");
        Run run = store.find(runId).orElseThrow();
        assertEquals(production, run.baselineVersion());
        assertNotEquals(null, run.baselineRunId());
        assertEquals(production, store.find(run.baselineRunId()).orElseThrow().modelVersion());
    }

    @Test
    void signedButMalformedBodyIsA400Problem() {
        mlflow("{not json").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("(body)"));
        mlflow("""
                {"entity": "model_version", "action": "created", "data": {"name": "simulated-chat"}}
                """).then().statusCode(400).body("errors[0].field", equalTo("data.version"));
    }

    private static String aliasCreated(String model, String alias, String version) {
        return """
                {"entity": "model_version_alias", "action": "created", "timestamp": "2025-01-01T00:00:00Z",
                 "data": {"name": "%s", "alias": "%s", "version": "%s"}}
                """.formatted(model, alias, version);
    }

    private void assertNoRun(String model, String version) {
        String planHash = catalog.find(model).orElseThrow().defaultPlan().hash();
        assertTrue(store.latest(model, version, planHash, RunEvent.Role.CANDIDATE).isEmpty(),
                "no run for " + model + " " + version);
    }

    private double deliveries(String outcome) {
        var counter = registry.find("safegate.webhook.deliveries").tags("source", "mlflow", "outcome", outcome)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
