package dev.safegate.orchestrator;

import static dev.safegate.orchestrator.TestSupport.api;
import static dev.safegate.orchestrator.TestSupport.awaitRunEvent;
import static dev.safegate.orchestrator.TestSupport.awaitTasks;
import static dev.safegate.orchestrator.TestSupport.complete;
import static dev.safegate.orchestrator.TestSupport.freshVersion;
import static dev.safegate.orchestrator.TestSupport.mlflow;
import static dev.safegate.orchestrator.TestSupport.task;
import static dev.safegate.orchestrator.TestSupport.versionCreated;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.image.ObjectRegion;
import dev.safegate.core.image.RgbImage;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.EvaluationKind;
import dev.safegate.proto.v1.ImageAuditTask;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.EncoderConfig;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A registry version of an image classifier plans an image audit: one task per image, each carrying its image. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ImageAuditPlanningTest {

    @BeforeAll
    static void sendYamlAsText() {
        RestAssured.config = RestAssured.config().encoderConfig(
                EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml", ContentType.TEXT));
    }

    @Test
    void aClassifierVersionFromTheRegistryIsAuditedAgainstItsPreviousVersion() {
        String version = freshVersion();
        var answer = mlflow(versionCreated("shapes-classifier", version)).then().statusCode(202).extract();
        String runId = answer.path("run_id");
        complete(awaitRunEvent(answer.path("baseline_run_id"), RunEvent.Type.CREATED).getRunId());
        RunEvent created = awaitRunEvent(runId, RunEvent.Type.CREATED);
        assertEquals(EvaluationKind.IMAGE_AUDIT, created.getKind());
        assertEquals(4, created.getExpectedTasks(), "one task per image of the plan");
        assertEquals(List.of("lime"), created.getJudgeIdsList());
        RunEvent baseline = awaitRunEvent(created.getBaselineRunId(), RunEvent.Type.CREATED);
        assertEquals(Long.toString(Long.parseLong(version) - 1), baseline.getModelVersion());
        assertEquals(EvaluationKind.IMAGE_AUDIT, baseline.getKind());

        List<EvalTask> tasks = awaitTasks(runId, 4).stream().map(TestSupport::task).toList();
        assertEquals(4, tasks.stream().map(EvalTask::getTaskId).distinct().count());
        EvalTask first = tasks.stream().filter(t -> t.getPromptId().equals("clever-hans-audit-0000")).findFirst()
                .orElseThrow();
        ImageAuditTask audit = first.getImageAudit();
        assertEquals("clever-hans-audit", audit.getImageSet());
        assertEquals("circle", audit.getLabel());
        assertEquals(20, audit.getSamples());
        assertEquals("#808080", audit.getFill());
        RgbImage image = RgbImage.decode(audit.getImagePng().toByteArray());
        assertEquals(32, image.width());
        ObjectRegion region = ObjectRegion.fromRunLengths(audit.getRegionWidth(), audit.getRegionHeight(),
                audit.getRegionRunLengthsList().stream().mapToInt(Integer::intValue).toArray());
        assertTrue(region.area() > 20, "the circle's mask travels with the image");
        assertEquals("shapes-classifier", first.getServedModel());
        assertEquals(version, first.getServedVersion());
        assertEquals(List.of("lime"), first.getJudgeIdsList());
    }

    @Test
    void anInvalidImageAuditPlanIsA422WithEveryField() {
        api().contentType("application/yaml").body("""
                kind: image_audit
                model: {name: shapes-classifier, version: "3"}
                images: {generator: clever-hans, count: -1}
                lime: {fill: mean}
                """).post("/api/v1/runs").then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("images.count"))
                .body("errors.field", hasItem("lime.fill"));
    }

    @Test
    void anImageAuditPlanCanBePostedToTheRunsApi() {
        String version = freshVersion();
        String id = api().contentType("application/yaml").body("""
                kind: image_audit
                model: {name: shapes-classifier, version: "%s"}
                images: {generator: clever-hans, count: 3, size: 32}
                lime: {samples: 10}
                """.formatted(version)).post("/api/v1/runs").then().statusCode(201).extract().path("id");
        String baseline = TestSupport.reader().get("/api/v1/runs/" + id).then().statusCode(200).extract()
                .path("baseline_run_id");
        if (baseline != null) {
            complete(awaitRunEvent(baseline, RunEvent.Type.CREATED).getRunId());
        }
        assertEquals(3, awaitRunEvent(id, RunEvent.Type.CREATED).getExpectedTasks());
        assertEquals(10, task(awaitTasks(id, 3).get(0)).getImageAudit().getSamples());
    }
}
