package dev.safegate.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.safegate.core.image.CleverHansDataset;
import dev.safegate.core.image.RgbImage;
import dev.safegate.proto.EventCodec;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.ImageAuditTask;
import dev.safegate.proto.v1.ImageExplanation;
import dev.safegate.testing.EventClient;
import dev.safegate.testing.KafkaResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Image audit tasks through the worker against the real model host: an explanation per task on
 * safegate.explanations, with LIME's attribution, the object share and the overlay; a model call that fails is an
 * ERROR explanation with the reason.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ModelServersResource.class, restrictToAnnotatedClass = false)
class ImageAuditWorkerTest {
    /** A circle on a background of another class's colour (audit split): the two models disagree on it. */
    private static final CleverHansDataset.Sample SAMPLE = CleverHansDataset.generate(CleverHansDataset.Split.AUDIT,
            12, 7, 64).stream().filter(s -> !CleverHansDataset.CLASSES.get(s.backgroundClass()).equals(s.label()))
            .findFirst().orElseThrow();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private EventClient events;

    @BeforeEach
    void connect() {
        events = new EventClient(bootstrapServers);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void explainsTheObjectModelInsideTheObjectAndTheShortcutModelOutside() {
        ImageExplanation object = explain(task("shapes-object"));
        ImageExplanation shortcut = explain(task("shapes-shortcut"));

        assertEquals(Generation.Status.OK, object.getStatus(), object.getErrorReason());
        assertEquals(SAMPLE.label(), object.getPredictedLabel());
        assertEquals(CleverHansDataset.CLASSES.get(SAMPLE.backgroundClass()), shortcut.getPredictedLabel());
        assertTrue(object.getHasObjectShare() && object.getObjectShare() > 0.6, "object " + object.getObjectShare());
        assertTrue(shortcut.getHasObjectShare() && shortcut.getObjectShare() < 0.2,
                "shortcut " + shortcut.getObjectShare());
        assertTrue(shortcut.getConfidence() > 0.9);
        assertEquals(shortcut.getSuperpixels(), shortcut.getAttributionCount());
        assertEquals(3, shortcut.getProbabilitiesCount());
        assertEquals("lime", shortcut.getExplainerId());
        assertTrue(shortcut.getFidelity() > 0 && shortcut.getFidelity() <= 1);
        assertEquals(256, RgbImage.decode(shortcut.getOverlayPng().toByteArray()).width());
        assertTrue(shortcut.getTask().getImageAudit().getImagePng().isEmpty(), "the image is not sent back");
        assertEquals(SAMPLE.imageId(), shortcut.getTask().getImageAudit().getImageId());
    }

    @Test
    void aModelThatCannotBeCalledIsAFailedExplanationWithTheReason() {
        ImageExplanation failed = explain(task("no-such-classifier"));
        assertEquals(Generation.Status.ERROR, failed.getStatus());
        assertTrue(failed.getErrorReason().contains("no-such-classifier"), failed.getErrorReason());
        assertFalse(failed.getHasObjectShare());
    }

    private ImageExplanation explain(EvalTask task) {
        events.send(Topics.TASKS, task.getTaskId(), task);
        List<ConsumerRecord<String, byte[]>> records = events.await(Topics.EXPLANATIONS, 1,
                r -> r.key().equals(task.getTaskId()), WorkerTasks.WAIT);
        assertEquals(1, records.size(), "no explanation for " + task.getTaskId());
        return EventCodec.explanation(records.getFirst().value(), records.getFirst().headers());
    }

    private static EvalTask task(String model) {
        ImageAuditTask.Builder audit = ImageAuditTask.newBuilder()
                .setImageSet("clever-hans-audit")
                .setImageId(SAMPLE.imageId())
                .setImagePng(ByteString.copyFrom(SAMPLE.image().png()))
                .setLabel(SAMPLE.label())
                .setRegionWidth(64)
                .setRegionHeight(64)
                .setSamples(120)
                .setSeed(1)
                .setSuperpixels(25)
                .setCompactness(200)
                .setFill("gray")
                .setDistance("cosine")
                .setKernelWidth(0.25)
                .setTopSuperpixels(5);
        for (int count : SAMPLE.region().runLengths()) {
            audit.addRegionRunLengths(count);
        }
        return EvalTask.newBuilder()
                .setTaskId("image-" + UUID.randomUUID())
                .setRunId("run-" + UUID.randomUUID())
                .setModel(model)
                .setServedModel(model)
                .setSuite("clever-hans-audit")
                .setPromptId(SAMPLE.imageId())
                .setCondition("lime")
                .addJudgeIds("lime")
                .setImageAudit(audit)
                .build();
    }
}
