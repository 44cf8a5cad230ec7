package dev.safegate.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.safegate.core.image.CleverHansDataset;
import dev.safegate.core.image.RgbImage;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.EvaluationKind;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.ImageAuditTask;
import dev.safegate.proto.v1.ImageExplanation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image audit runs in the results service: explanations from Kafka stored once each, the candidate decided against
 * its baseline on the same images by the default policy's image gates, gauges, the JSON report and the page with
 * overlays. Explanations are built as the worker sends them. (Named to run after PrometheusLiveTest, which expects
 * no other model's FAIL decision in the shared database before it.)
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class VisualAuditResultsTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int IMAGES = 36;
    private static final List<CleverHansDataset.Sample> SAMPLES =
            CleverHansDataset.generate(CleverHansDataset.Split.AUDIT, IMAGES, 3, 32);
    private static final ByteString OVERLAY = ByteString.copyFrom(SAMPLES.get(0).image().png());

    private EventClient client;

    @BeforeEach
    void connect() {
        client = EventClient.forSharedBroker();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aCandidateThatReliesOnTheBackgroundFailsAgainstItsBaselineOnTheSameImages(@TempDir Path work)
            throws Exception {
        String model = "classifier-" + UUID.randomUUID();
        String baseline = "run-" + UUID.randomUUID();
        String candidate = "run-" + UUID.randomUUID();
        client.send(Topics.RUNS, baseline, created(baseline, model, RunEvent.Role.BASELINE, ""));
        client.send(Topics.RUNS, candidate, created(candidate, model, RunEvent.Role.CANDIDATE, baseline));
        for (int i = 0; i < IMAGES; i++) {
            send(explanation(baseline, i, 0.9 - 0.01 * (i % 5)));
            send(i == 0 ? failed(candidate, i) : explanation(candidate, i, 0.05 + 0.01 * (i % 5)));
        }
        send(explanation(candidate, 5, 0.95)); // a redelivery (same task id) changes nothing
        RecordHeaders headers = new RecordHeaders();
        headers.add("safegate-type", ImageExplanation.getDescriptor().getFullName().getBytes(StandardCharsets.UTF_8));
        client.sendRaw(Topics.EXPLANATIONS, "junk", new byte[] {1, 2, 3}, headers); // not a readable explanation

        RunEvent completed = awaitCompleted(candidate);
        assertEquals(RunEvent.Decision.FAIL, completed.getDecision(), completed.getReasonsList().toString());
        assertTrue(completed.getReasonsList().stream().anyMatch(r -> r.startsWith("FAIL background_reliance")
                && r.contains("35 paired images")), completed.getReasonsList().toString());
        assertTrue(completed.getReasonsList().stream().anyMatch(r -> r.startsWith("FAIL confident_outside_rate")));

        JsonPath report = given().get("/api/v1/runs/" + candidate + "/image-audit").then().statusCode(200)
                .extract().jsonPath();
        assertEquals("IMAGE_AUDIT", report.getString("run.kind"));
        assertEquals(baseline, report.getString("baselineRunId"));
        assertEquals(IMAGES, report.getList("images").size());
        // every confident candidate image is explained outside its object, and the failed one is flagged too
        assertEquals(IMAGES, report.getList("flagged").size());
        assertEquals("model call failed", report.getString("flagged[0].flag"));
        double reliance = report.getDouble("cells.find { it.category == '(all)' && it.imageSet == '(all)' }"
                + ".backgroundReliance.value");
        assertEquals(0.93, reliance, 0.02);
        assertEquals(1, report.getInt("cells.find { it.imageSet == '(all)' }.errors"));

        String overlay = report.getString("flagged[1].candidate.overlay");
        byte[] png = given().get(overlay).then().statusCode(200).contentType("image/png").extract().asByteArray();
        assertEquals(32, RgbImage.decode(png).width());
        given().get("/runs/" + candidate + "/images").then().statusCode(200)
                .body(containsString("Flagged images"))
                .body(containsString("src=\"" + overlay + "\""))
                .body(containsString("confident, explained mostly outside the object"));
        given().get("/runs/" + candidate).then().statusCode(200).body(containsString("/runs/" + candidate + "/images"));
        given().get("/api/v1/runs/" + candidate + "/report").then().statusCode(200)
                .body("progress.storedVerdicts", org.hamcrest.Matchers.equalTo(IMAGES));
        given().get("/runs/" + candidate + "/images/no-such-task/overlay.png").then().statusCode(404)
                .contentType("application/problem+json");

        Scrape metrics = Scrape.now();
        assertEquals(0.93, metrics.value("safegate_image_background_reliance_ratio", "model", model, "role",
                "candidate").orElseThrow(), 0.02);
        assertEquals(1.0, metrics.value("safegate_image_confident_outside_ratio", "model", model, "role",
                "candidate").orElseThrow(), 1e-9);
        assertTrue(metrics.value("safegate_dlq_messages_total", "topic", Topics.EXPLANATIONS).orElse(0) >= 1);

        if (Chromium.available()) { // the flagged images are drawn: the overlays' own colours cover the page
            BufferedImage page = Chromium.screenshot("/runs/" + candidate + "/images", 1600, work, "image-audit");
            BufferedImage drawn = ImageIO.read(new ByteArrayInputStream(png));
            java.util.Set<Integer> palette = new java.util.HashSet<>();
            for (int y = 0; y < drawn.getHeight(); y++) {
                for (int x = 0; x < drawn.getWidth(); x++) {
                    palette.add(drawn.getRGB(x, y) & 0xFFFFFF);
                }
            }
            palette.remove(0xFFFFFF);
            assertTrue(Chromium.pixelsIn(page, palette) > 5_000, "no overlay drawn on the rendered page");
        }
    }

    private void send(ImageExplanation explanation) {
        client.send(Topics.EXPLANATIONS, explanation.getTaskId(), explanation);
    }

    private static RunEvent created(String runId, String model, RunEvent.Role role, String baselineRunId) {
        return RunEvent.newBuilder().setRunId(runId).setType(RunEvent.Type.CREATED).setKind(EvaluationKind.IMAGE_AUDIT)
                .setExpectedTasks(IMAGES).addJudgeIds("lime").setModel(model)
                .setModelVersion(role == RunEvent.Role.BASELINE ? "1" : "2").setRole(role)
                .setBaselineRunId(baselineRunId).setPlanHash("image-plan").setPolicy("default")
                .setTimestampMs(System.currentTimeMillis()).build();
    }

    /** The explanation of image {@code i}, with the given share of positive attribution inside the object. */
    private static ImageExplanation explanation(String runId, int i, double objectShare) {
        return base(runId, i).setStatus(Generation.Status.OK).setPredictedLabel(SAMPLES.get(i).label())
                .setConfidence(0.99f).addAllProbabilities(List.of(0.99f, 0.005f, 0.005f)).setSuperpixels(4)
                .addAllAttribution(List.of(0.4, 0.1, -0.05, 0.0)).setFidelity(0.8).setHasObjectShare(true)
                .setObjectShare(objectShare).addTopSuperpixels(0).setOverlayPng(OVERLAY).build();
    }

    private static ImageExplanation failed(String runId, int i) {
        return base(runId, i).setStatus(Generation.Status.ERROR).setErrorReason("UNAVAILABLE: model not ready")
                .build();
    }

    private static ImageExplanation.Builder base(String runId, int i) {
        CleverHansDataset.Sample sample = SAMPLES.get(i);
        String taskId = runId + ":" + sample.imageId();
        EvalTask task = EvalTask.newBuilder().setTaskId(taskId).setRunId(runId).setSuite("clever-hans-audit")
                .setPromptId(sample.imageId()).setCondition("lime").setImageAudit(ImageAuditTask.newBuilder()
                        .setImageSet("clever-hans-audit").setImageId(sample.imageId()).setLabel(sample.label()))
                .build();
        return ImageExplanation.newBuilder().setTaskId(taskId).setRunId(runId).setExplainerId("lime")
                .setExplainerVersion("1").setTask(task).setExplainedMs(System.currentTimeMillis());
    }

    private RunEvent awaitCompleted(String runId) {
        List<ConsumerRecord<String, byte[]>> records = client.await(Topics.RUNS, 1,
                r -> runId.equals(r.key()) && parse(r).getType() == RunEvent.Type.COMPLETED, WAIT);
        assertEquals(1, records.size(), "no COMPLETED event for " + runId);
        return parse(records.get(0));
    }

    private static RunEvent parse(ConsumerRecord<String, byte[]> record) {
        try {
            return RunEvent.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
