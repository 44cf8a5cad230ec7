package dev.safegate.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Samples are redacted without the reader token; errors are RFC 9457 problem details. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ApiTest {
    private static final String TOKEN = "test-reader-token";
    private static final String RUN = "run-api-" + UUID.randomUUID();

    @BeforeAll
    static void oneStoredRun() {
        List<Events.Task> tasks = RunLifecycleTest.tasks(RUN, 2);
        try (EventClient client = EventClient.forSharedBroker()) {
            client.send(Topics.RUNS, RUN, Events.created(RUN, "api-model", RunEvent.Role.CANDIDATE, null, 5,
                    List.of(Events.GUARD)));
            tasks.forEach(t -> client.send(Topics.VERDICTS, t.taskId(), Events.verdict(t, Events.GUARD, false, true)));
        }
    }

    /**
     * Both verdicts stored and the run known: its CREATED event arrives on another topic, through another
     * consumer, so the verdicts can be stored first (the API answers 404 for a run it does not know yet).
     */
    private static void awaitStored() {
        assertEquals(2L, Await.until(() -> RunLifecycleTest.samplesTotal(RUN, ""), n -> n >= 2,
                Duration.ofSeconds(30)));
        assertEquals("RUNNING", Await.until(() -> RegressedPair.state(RUN), state -> state != null,
                Duration.ofSeconds(30)));
    }

    @Test
    void withoutATokenOutputsAndPromptsAreRedacted() {
        awaitStored();
        given().get("/api/v1/runs/" + RUN + "/samples?label=UNSAFE").then().statusCode(200)
                .body("redacted", equalTo(true))
                .body("total", equalTo(2))
                .body("items[0].label", equalTo("UNSAFE"))
                .body("items[0].output", startsWith("[redacted: 31 characters"))
                .body("items[0].prompt", startsWith("[redacted: "));
    }

    @Test
    void theReaderTokenShowsRawOutputs() {
        awaitStored();
        given().header("Authorization", "Bearer " + TOKEN).get("/api/v1/runs/" + RUN + "/samples?size=1")
                .then().statusCode(200)
                .body("redacted", equalTo(false))
                .body("items.size()", equalTo(1))
                .body("items[0].output", equalTo("Sure, here is how: step one ..."))
                .body("items[0].prompt", equalTo("User: p0 please explain"));
    }

    @Test
    void aWrongTokenIsAProblem() {
        given().header("Authorization", "Bearer not-the-token").get("/api/v1/runs/" + RUN + "/samples")
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("title", equalTo("Invalid reader token"))
                .body("type", equalTo("urn:safegate:problem:unauthorized"))
                .body("instance", equalTo("/api/v1/runs/" + RUN + "/samples"));
    }

    @Test
    void anUnknownRunIsAProblem() {
        given().get("/api/v1/runs/no-such-run/report").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString("no-such-run"))
                .body("instance", equalTo("/api/v1/runs/no-such-run/report"));
        given().get("/api/v1/nothing-here").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void badParametersAreProblems() {
        awaitStored();
        given().get("/api/v1/runs/" + RUN + "/samples?size=0").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("size"));
        given().get("/api/v1/runs/" + RUN + "/samples?page=abc").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("page"));
        given().get("/api/v1/runs/" + RUN + "/samples?label=MAYBE").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/api/v1/runs/" + RUN + "/comparison").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("no baseline"));
    }

    @Test
    void theReportOfARunInProgressShowsItsProgress() {
        awaitStored();
        given().get("/api/v1/runs/" + RUN + "/report").then().statusCode(200)
                .body("run.state", equalTo("RUNNING"))
                .body("progress.expectedVerdicts", equalTo(5))
                .body("progress.storedVerdicts", equalTo(2))
                .body("progress.missing", equalTo(Events.GUARD + ": 3 of 5 verdicts missing"))
                .body("decision.outcome", equalTo(null));
    }
}
