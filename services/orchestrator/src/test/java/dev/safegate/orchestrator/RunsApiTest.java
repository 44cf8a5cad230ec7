package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.api;
import static dev.safegate.orchestrator.TestSupport.awaitRunEvent;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static dev.safegate.orchestrator.TestSupport.reader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.orchestrator.run.RunLifecycleStore;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class RunsApiTest {
    @Inject
    RunLifecycleStore store;

    @BeforeAll
    static void sendYamlAsText() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT));
    }

    @Test
    void readingNeedsATokenAndChangingNeedsTheApiToken() {
        given().get("/api/v1/runs").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Bearer"))
                .contentType("application/problem+json")
                .body("type", equalTo("urn:safegate:problem:unauthorized")); // the type results answers with too
        given().header("Authorization", "Bearer wrong").get("/api/v1/runs").then().statusCode(401);
        reader().get("/api/v1/runs").then().statusCode(200);
        api().get("/api/v1/runs").then().statusCode(200);
        reader().contentType("application/yaml").body(plan(freshVersion())).post("/api/v1/runs").then()
                .statusCode(403).contentType("application/problem+json");
        given().contentType("application/yaml").body(plan(freshVersion())).post("/api/v1/runs").then().statusCode(401);
    }

    @Test
    void createIsIdempotentUnlessARerunIsAsked() {
        String version = freshVersion();
        var createdResponse = api().contentType("application/yaml").body(plan(version)).post("/api/v1/runs").then()
                .statusCode(201)
                .body("model", equalTo("ci-model"))
                .body("version", equalTo(version))
                .body("role", equalTo("CANDIDATE"))
                .body("trigger", equalTo("api"))
                .body("plan.conditions[0].name", equalTo("raw"))
                .extract();
        String id = createdResponse.path("id");
        assertTrue(createdResponse.header("Location").endsWith("/api/v1/runs/" + id));
        api().contentType("application/yaml").body(plan(version)).post("/api/v1/runs").then()
                .statusCode(200).body("id", equalTo(id));
        String rerun = api().contentType("application/yaml").queryParam("rerun", true).body(plan(version))
                .post("/api/v1/runs").then().statusCode(201).extract().path("id");
        assertNotEquals(id, rerun);
        reader().get("/api/v1/runs/" + id).then().statusCode(200).body("id", equalTo(id));
        RunEvent created = awaitRunEvent(id, RunEvent.Type.CREATED);
        assertEquals(3, created.getExpectedTasks(), "3 sampled items under one condition");
    }

    @Test
    void jsonPlansAreAcceptedToo() {
        api().contentType("application/json").body("""
                {"model": {"name": "ci-model", "version": "%s"}, "suites": ["builtin"], "conditions": ["raw"],
                 "judges": ["builtin-refusal"], "sampling": {"temperature": 0.7, "samples": 2, "seed": 5}}
                """.formatted(freshVersion())).post("/api/v1/runs").then().statusCode(201)
                .body("plan.sampling.samples", equalTo(2));
    }

    @Test
    void malformedJsonIsA400ProblemAndPlansNothing() {
        long before = store.list(null, null, 0, 1).total();
        api().contentType("application/json").body("{\"model\": {\"name\": ").post("/api/v1/runs").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/v1/runs"))
                .body("errors[0].field", equalTo("(body)"));
        assertEquals(before, store.list(null, null, 0, 1).total());
    }

    @Test
    void invalidPlansAre422WithEveryFieldAndReason() {
        long before = store.list(null, null, 0, 1).total();
        api().contentType("application/yaml").body("""
                model: {name: ci-model, version: "1"}
                suites: [no-such-suite]
                conditions: [raw, {name: warp_drive}]
                sampling: {top_p: 1.5, max_tokens: 0}
                judges: [oracle]
                """).post("/api/v1/runs").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("title", equalTo("Invalid plan"))
                .body("errors.field", hasItem("suites[0].name"))
                .body("errors.field", hasItem("conditions[1].name"))
                .body("errors.field", hasItem("sampling.top_p"))
                .body("errors.field", hasItem("sampling.max_tokens"))
                .body("errors.field", hasItem("judges[0]"))
                .body("errors.reason", everyItem(not(equalTo(""))));
        api().contentType("application/yaml").body("""
                model: {name: unknown-model}
                suites: [builtin]
                conditions: [raw]
                judges: [builtin-refusal]
                """).post("/api/v1/runs").then()
                .statusCode(422)
                .body("errors.field", equalTo(List.of("model.name", "model.version")));
        assertEquals(before, store.list(null, null, 0, 1).total(), "nothing planned for rejected requests");
    }

    @Test
    void anOversizedBodyIsA413Problem() {
        String huge = "# " + "x".repeat(1_100_000) + "\n" + plan(freshVersion());
        api().contentType("application/yaml").body(huge).post("/api/v1/runs").then()
                .statusCode(413)
                .contentType("application/problem+json")
                .body("status", equalTo(413));
    }

    @Test
    void listIsPagedNewestFirstAndFiltered() {
        for (int i = 0; i < 3; i++) {
            api().contentType("application/yaml").body(plan(freshVersion())).post("/api/v1/runs").then()
                    .statusCode(201);
        }
        long total = reader().queryParam("model", "ci-model").get("/api/v1/runs").then().statusCode(200)
                .extract().jsonPath().getLong("total");
        List<String> firstPage = reader().queryParam("model", "ci-model").queryParam("size", 2)
                .get("/api/v1/runs").then().statusCode(200)
                .body("items", hasSize(2))
                .body("page", equalTo(0))
                .body("size", equalTo(2))
                .body("items.model", everyItem(equalTo("ci-model")))
                .extract().path("items.id");
        List<String> secondPage = reader().queryParam("model", "ci-model").queryParam("size", 2)
                .queryParam("page", 1).get("/api/v1/runs").then().statusCode(200)
                .extract().path("items.id");
        assertEquals(Math.min(2, total - 2), secondPage.size());
        secondPage.forEach(id -> assertEquals(false, firstPage.contains(id)));
        reader().queryParam("status", "CANCELLED").get("/api/v1/runs").then().statusCode(200)
                .body("items.status", everyItem(equalTo("CANCELLED")));
    }

    @Test
    void invalidListParametersAre400() {
        reader().queryParam("status", "DONE").queryParam("size", 0).get("/api/v1/runs").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", equalTo(List.of("status", "size")));
    }

    @Test
    void unknownRunIs404() {
        reader().get("/api/v1/runs/no-such-run").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void cancelStopsARunOnceAndTellsTheOtherServices() {
        String id = api().contentType("application/yaml").body(plan(freshVersion())).post("/api/v1/runs").then()
                .statusCode(201).extract().path("id");
        reader().post("/api/v1/runs/" + id + "/cancel").then().statusCode(403);
        api().post("/api/v1/runs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        assertEquals(RunEvent.Type.CANCELLED, awaitRunEvent(id, RunEvent.Type.CANCELLED).getType());
        api().post("/api/v1/runs/" + id + "/cancel").then().statusCode(409).contentType("application/problem+json");
        api().post("/api/v1/runs/no-such-run/cancel").then().statusCode(404);
    }

    private static String plan(String version) {
        return """
                model: {name: ci-model, version: "%s"}
                suites: [{name: builtin, sample_size: 3, seed: 1}]
                conditions: [raw]
                judges: [builtin-refusal]
                """.formatted(version);
    }
}
