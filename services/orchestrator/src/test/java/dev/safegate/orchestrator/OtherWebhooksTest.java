package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.GENERIC_SECRET;
import static dev.safegate.orchestrator.TestSupport.HF_SECRET;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.webhook.SignedDelivery;
import dev.safegate.orchestrator.model.Plans;
import dev.safegate.orchestrator.run.Run;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The Hugging Face Hub webhook and the generic CI webhook. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class OtherWebhooksTest {
    @Inject
    RunLifecycleStore store;
    @Inject
    Plans plans;

    @Test
    void huggingFaceContentUpdatePlansTheNewCommit() {
        String sha = UUID.randomUUID().toString().replace("-", "");
        String runId = huggingFace(HF_SECRET, contentUpdate("model", sha)).then()
                .statusCode(202).body("status", equalTo("accepted")).extract().path("run_id");
        Run run = store.find(runId).orElseThrow();
        assertEquals("acme/tiny-chat", run.model());
        assertEquals(sha, run.modelVersion());
        assertEquals("huggingface", run.trigger());
        // The same commit announced again (the Hub retries): the same run.
        huggingFace(HF_SECRET, contentUpdate("model", sha)).then().statusCode(202)
                .body("run_id", equalTo(runId)).body("created", equalTo(false));
    }

    @Test
    void huggingFaceRejectsAWrongOrMissingSecret() {
        huggingFace("wrong", contentUpdate("model", "abc")).then().statusCode(401)
                .contentType("application/problem+json");
        given().body(contentUpdate("model", "abc")).post("/webhooks/huggingface").then().statusCode(401);
    }

    @Test
    void huggingFaceIgnoresOtherEvents() {
        huggingFace(HF_SECRET, contentUpdate("dataset", "abc")).then().statusCode(202)
                .body("status", equalTo("ignored"));
        huggingFace(HF_SECRET, """
                {"event": {"action": "create", "scope": "discussion"}, "repo": {"type": "model", "name": "acme/tiny-chat"}}
                """).then().statusCode(202).body("status", equalTo("ignored"));
    }

    @Test
    void genericWebhookPlansTheGivenPlanAgainstTheGivenBaseline() {
        String version = freshVersion();
        String plan = "{\"suites\": [\"builtin\"], \"conditions\": [\"chat_template\"], \"judges\": [\"builtin-refusal\"]}";
        String runId = generic(GENERIC_SECRET, """
                {"model": "ci-model", "version": "%s", "baseline_version": "7", "plan": %s}
                """.formatted(version, plan)).then().statusCode(202).body("status", equalTo("accepted"))
                .extract().path("run_id");
        Run run = store.find(runId).orElseThrow();
        assertEquals(plans.parse(plan).hash(), run.planHash());
        assertEquals("7", run.baselineVersion());
        assertEquals("generic", run.trigger());
    }

    @Test
    void genericWebhookWithoutBaselineRuleOrBaselineHasNone() {
        String runId = generic(GENERIC_SECRET, "{\"model\": \"ci-model\", \"version\": \"%s\"}"
                .formatted(freshVersion())).then().statusCode(202).extract().path("run_id");
        assertNull(store.find(runId).orElseThrow().baselineRunId());
    }

    @Test
    void genericWebhookRejectsAnInvalidPlanWithItsFields() {
        String version = freshVersion();
        generic(GENERIC_SECRET, """
                {"model": "ci-model", "version": "%s",
                 "plan": {"suites": ["no-such-suite"], "conditions": ["raw"], "judges": ["builtin-refusal"]}}
                """.formatted(version)).then().statusCode(422).contentType("application/problem+json")
                .body("errors[0].field", equalTo("plan.suites[0].name"));
        assertTrue(store.list("ci-model", null, 0, 100).runs().stream()
                .noneMatch(run -> run.modelVersion().equals(version)));
    }

    @Test
    void genericWebhookRejectsABadSignature() {
        generic("wrong", "{\"model\": \"ci-model\", \"version\": \"1\"}").then().statusCode(401);
    }

    private static Response huggingFace(String secret, String body) {
        return given().contentType("application/json").header("X-Webhook-Secret", secret).body(body)
                .post("/webhooks/huggingface");
    }

    private static String contentUpdate(String repoType, String sha) {
        return """
                {"event": {"action": "update", "scope": "repo.content"},
                 "repo": {"type": "%s", "name": "acme/tiny-chat", "id": "6543", "private": false, "headSha": "%s"},
                 "webhook": {"id": "w1", "version": 3}}
                """.formatted(repoType, sha);
    }

    private static Response generic(String secret, String body) {
        String deliveryId = UUID.randomUUID().toString();
        String seconds = Long.toString(Instant.now().getEpochSecond());
        byte[] bytes = body.getBytes(UTF_8);
        return given().contentType("application/json")
                .header("X-SafeGate-Delivery-Id", deliveryId)
                .header("X-SafeGate-Timestamp", seconds)
                .header("X-SafeGate-Signature", SignedDelivery.sign(secret.getBytes(UTF_8), deliveryId, seconds, bytes))
                .body(bytes)
                .post("/webhooks/generic");
    }
}
