package dev.safegate.orchestrator;

import static io.restassured.RestAssured.given;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.safegate.core.webhook.SignedDelivery;
import dev.safegate.proto.Topics;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.testing.EventClient;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Shared by the orchestrator's tests: tokens and secrets (see the %test profile), signing, reading Kafka. */
final class TestSupport {
    static final String API_TOKEN = "test-api-token";
    static final String READER_TOKEN = "test-reader-token";
    static final String MLFLOW_SECRET = "test-mlflow-secret";
    static final String HF_SECRET = "test-hf-secret";
    static final String GENERIC_SECRET = "test-generic-secret";
    static final Duration KAFKA_WAIT = Duration.ofSeconds(30);

    private TestSupport() {
    }

    /** A numbered version no other test uses (tests share one database). */
    static String freshVersion() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000, 1_000_000_000));
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + API_TOKEN);
    }

    static RequestSpecification reader() {
        return given().header("Authorization", "Bearer " + READER_TOKEN);
    }

    /** Posts an MLflow delivery signed as MLflow signs it. */
    static Response mlflow(String body, String deliveryId, Instant timestamp, String secret) {
        String seconds = Long.toString(timestamp.getEpochSecond());
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return given()
                .contentType("application/json")
                .header("X-MLflow-Delivery-Id", deliveryId)
                .header("X-MLflow-Timestamp", seconds)
                .header("X-MLflow-Signature",
                        SignedDelivery.sign(secret.getBytes(StandardCharsets.UTF_8), deliveryId, seconds, bytes))
                .body(bytes)
                .post("/webhooks/mlflow");
    }

    static Response mlflow(String body) {
        return mlflow(body, UUID.randomUUID().toString(), Instant.now(), MLFLOW_SECRET);
    }

    static String versionCreated(String model, String version) {
        return """
                {"entity": "model_version", "action": "created", "timestamp": "2025-01-01T00:00:00Z",
                 "data": {"name": "%s", "version": "%s", "source": "models:/m-1", "run_id": "abc", "tags": {}}}
                """.formatted(model, version);
    }

    static RunEvent awaitRunEvent(String runId, RunEvent.Type type) {
        try (EventClient client = EventClient.forSharedBroker()) {
            List<ConsumerRecord<String, byte[]>> records = client.await(Topics.RUNS, 1,
                    r -> r.key() != null && r.key().equals(runId) && runEvent(r).getType() == type, KAFKA_WAIT);
            if (records.isEmpty()) {
                throw new AssertionError("no " + type + " event for run " + runId);
            }
            return runEvent(records.getFirst());
        }
    }

    /**
     * Completes a run as the results service does once every verdict is stored: a candidate whose baseline is
     * generated in the same request is published only then.
     */
    static void complete(String runId) {
        try (EventClient client = EventClient.forSharedBroker()) {
            client.send(Topics.RUNS, runId, RunEvent.newBuilder().setRunId(runId).setType(RunEvent.Type.COMPLETED)
                    .build());
        }
    }

    static RunEvent runEvent(ConsumerRecord<String, byte[]> record) {
        try {
            return RunEvent.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            return RunEvent.getDefaultInstance();
        }
    }

    /** The task records of one run on safegate.tasks, waiting until at least {@code expected} are there. */
    static List<ConsumerRecord<String, byte[]>> awaitTasks(String runId, long expected) {
        try (EventClient client = EventClient.forSharedBroker()) {
            return client.await(Topics.TASKS, (int) expected, r -> task(r).getRunId().equals(runId), KAFKA_WAIT);
        }
    }

    /** Every task record of one run on safegate.tasks now. */
    static List<ConsumerRecord<String, byte[]>> tasksNow(String runId) {
        try (EventClient client = EventClient.forSharedBroker()) {
            return client.readAll(Topics.TASKS, Duration.ofSeconds(2)).stream()
                    .filter(r -> task(r).getRunId().equals(runId)).toList();
        }
    }

    static EvalTask task(ConsumerRecord<String, byte[]> record) {
        try {
            return EvalTask.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            return EvalTask.getDefaultInstance();
        }
    }

    /** Polls until the condition holds or 30 s pass. */
    static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
