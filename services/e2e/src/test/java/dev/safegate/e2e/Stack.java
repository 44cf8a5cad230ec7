package dev.safegate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safegate.core.SharedData;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.testing.KafkaBroker;
import dev.safegate.testing.Postgres;
import dev.safegate.testing.ServiceProcess;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The whole system for end-to-end tests: a real Kafka broker and PostgreSQL in the test JVM, the model host
 * in-process (real gRPC on a loopback port), and the orchestrator, inference worker, judge and results as
 * separate JVMs started from their packaged jars, wired as `make run` wires them.
 */
final class Stack implements AutoCloseable {
    static final String API_TOKEN = "e2e-api-token";
    static final String READER_TOKEN = "e2e-reader-token";
    static final String MLFLOW_SECRET = "e2e-mlflow-secret";

    final EmbeddedModelHost modelHost;
    final ServiceProcess results;
    final ServiceProcess orchestrator;
    final ServiceProcess worker;
    final ServiceProcess judge;
    private final ServiceCalls calls = new ServiceCalls();

    private Stack() {
        String kafka = KafkaBroker.bootstrapServers();
        String jdbc = Postgres.jdbcUrl("safegate");
        modelHost = EmbeddedModelHost.start(EmbeddedModelHost.exampleRepository());

        Map<String, String> common = new HashMap<>();
        common.put("KAFKA_BOOTSTRAP_SERVERS", kafka);
        SharedData.dir().ifPresent(dir -> common.put("SAFEGATE_SHARED_DIR", dir.toString()));
        Map<String, String> database = Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbc,
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres");
        Map<String, String> triton = Map.of("SAFEGATE_TRITON_HOST", "127.0.0.1",
                "SAFEGATE_TRITON_PORT", Integer.toString(modelHost.port()));

        results = ServiceProcess.start("results", merge(common, database, Map.of("SAFEGATE_READER_TOKEN", READER_TOKEN)));
        orchestrator = ServiceProcess.start("orchestrator", merge(common, database, Map.of(
                "SAFEGATE_API_TOKEN", API_TOKEN, "SAFEGATE_READER_TOKEN", READER_TOKEN,
                "SAFEGATE_WEBHOOK_MLFLOW_SECRET", MLFLOW_SECRET, "SAFEGATE_RESULTS_URL", results.baseUrl())));
        Map<String, String> workerEnv = merge(common, triton, Map.of());
        SharedData.resolve("models/SmolLM2-135M-Instruct/tokenizer.json")
                .ifPresent(tokenizer -> workerEnv.put("SAFEGATE_DEFAULT_MODEL_TOKENIZER", tokenizer.toString()));
        worker = ServiceProcess.start("inference-worker", workerEnv);
        judge = ServiceProcess.start("judge", merge(common, triton, Map.of()));
    }

    static Stack start() {
        return new Stack();
    }

    @SafeVarargs
    private static Map<String, String> merge(Map<String, String>... maps) {
        Map<String, String> all = new HashMap<>();
        for (Map<String, String> map : maps) {
            all.putAll(map);
        }
        return all;
    }

    /** Announces a model version the way MLflow does: a signed model_version.created delivery. */
    JsonNode announceVersion(String model, String version) {
        return calls.announceMlflowVersion(orchestrator.baseUrl(), MLFLOW_SECRET, model, version);
    }

    /** Creates a run from a plan through the runs API (rerun: plan again even if this version ran before). */
    JsonNode submitPlan(String planYaml) {
        return calls.json(ServiceCalls.request(orchestrator.baseUrl() + "/api/v1/runs?rerun=true")
                .header("Content-Type", "application/yaml")
                .header("Authorization", "Bearer " + API_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(planYaml)).build(), 201);
    }

    JsonNode run(String id) {
        return calls.json(ServiceCalls.request(orchestrator.baseUrl() + "/api/v1/runs/" + id)
                .header("Authorization", "Bearer " + READER_TOKEN).GET().build(), 200);
    }

    JsonNode report(String id) {
        return calls.json(ServiceCalls.request(results.baseUrl() + "/api/v1/runs/" + id + "/report").GET().build(),
                200);
    }

    String metrics(ServiceProcess service) {
        return calls.text(service.baseUrl() + "/q/metrics");
    }

    /** Polls the orchestrator until the run satisfies {@code done}, failing with the last state seen. */
    JsonNode awaitRun(String id, Predicate<JsonNode> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode run = run(id);
        while (!done.test(run)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("run " + id + " not done after " + timeout + ": " + run);
            }
            sleep(500);
            run = run(id);
        }
        return run;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        for (ServiceProcess service : new ServiceProcess[] {orchestrator, worker, judge, results}) {
            if (service != null) {
                service.close();
            }
        }
        modelHost.close();
    }
}
