package dev.safegate.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.safegate.core.SharedData;
import dev.safegate.e2e.ServiceCalls;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.testing.KafkaBroker;
import dev.safegate.testing.Postgres;
import dev.safegate.testing.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system for the benchmark, wired as the end-to-end tests wire it: Kafka and PostgreSQL in this JVM,
 * the model host in-process serving the synthetic bench models, and the four services as their own JVMs. The
 * orchestrator's models file registers each bench model with its own plan and no baseline, so that a webhook
 * starts exactly one (candidate) run of the requested size.
 */
final class BenchStack implements AutoCloseable {
    static final String CHATML = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";
    static final int MAX_TOKENS = 16;
    private static final String API_TOKEN = "bench-api-token";
    private static final String READER_TOKEN = "bench-reader-token";
    private static final String MLFLOW_SECRET = "bench-mlflow-secret";

    /** A registry model of the bench: served by a model-host model, its plan running {@code samples} per prompt. */
    record RegisteredBenchModel(String name, String servedModel, int samples) {
    }

    final EmbeddedModelHost modelHost;
    /** The four services by module name, in start order. */
    final Map<String, ServiceProcess> services = new LinkedHashMap<>();
    private final Connection database;
    private final ServiceCalls calls = new ServiceCalls();

    private BenchStack(List<ModelSpec> served, List<RegisteredBenchModel> registered, int maxInFlight) {
        String kafka = KafkaBroker.bootstrapServers();
        String jdbc = Postgres.jdbcUrl("safegate");
        modelHost = EmbeddedModelHost.start(served);
        Path modelsFile = writeModelsFile(registered);

        Map<String, String> common = new HashMap<>(Map.of("KAFKA_BOOTSTRAP_SERVERS", kafka));
        SharedData.dir().ifPresent(dir -> common.put("SAFEGATE_SHARED_DIR", dir.toString()));
        Map<String, String> databaseEnv = Map.of("QUARKUS_DATASOURCE_JDBC_URL", jdbc,
                "QUARKUS_DATASOURCE_USERNAME", "postgres", "QUARKUS_DATASOURCE_PASSWORD", "postgres");
        Map<String, String> triton = Map.of("SAFEGATE_TRITON_HOST", "127.0.0.1",
                "SAFEGATE_TRITON_PORT", Integer.toString(modelHost.port()));

        ServiceProcess results = start("results", common, databaseEnv, Map.of("SAFEGATE_READER_TOKEN", READER_TOKEN));
        start("orchestrator", common, databaseEnv, Map.of("SAFEGATE_API_TOKEN", API_TOKEN,
                "SAFEGATE_READER_TOKEN", READER_TOKEN, "SAFEGATE_WEBHOOK_MLFLOW_SECRET", MLFLOW_SECRET,
                "SAFEGATE_RESULTS_URL", results.baseUrl(), "SAFEGATE_MODELS_FILE", modelsFile.toString()));
        Map<String, String> workerEnv = new HashMap<>(triton);
        workerEnv.put("SAFEGATE_MAX_IN_FLIGHT", Integer.toString(maxInFlight));
        // As the end-to-end stack: token counts with a real tokenizer when the shared data has one.
        SharedData.resolve("models/SmolLM2-135M-Instruct/tokenizer.json")
                .ifPresent(tokenizer -> workerEnv.put("SAFEGATE_DEFAULT_MODEL_TOKENIZER", tokenizer.toString()));
        start("inference-worker", common, workerEnv);
        start("judge", common, triton);
        try {
            database = DriverManager.getConnection(jdbc, "postgres", "postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + jdbc, e);
        }
    }

    static BenchStack start(List<ModelSpec> served, List<RegisteredBenchModel> registered, int maxInFlight) {
        return new BenchStack(served, registered, maxInFlight);
    }

    @SafeVarargs
    private ServiceProcess start(String module, Map<String, String>... environments) {
        Map<String, String> environment = new HashMap<>();
        for (Map<String, String> part : environments) {
            environment.putAll(part);
        }
        ServiceProcess service = ServiceProcess.start(module, environment);
        services.put(module, service);
        return service;
    }

    /** Builtin suite, the model's own chat template, one builtin judge, no baseline: candidate-only runs. */
    private static Path writeModelsFile(List<RegisteredBenchModel> registered) {
        StringBuilder yaml = new StringBuilder("models:\n");
        for (RegisteredBenchModel model : registered) {
            yaml.append("  - name: ").append(model.name()).append('\n')
                    .append("    served_model: ").append(model.servedModel()).append('\n')
                    .append("    served_version: \"\"\n")
                    .append("    registry: none\n")
                    .append("    baseline: {previous_version: false}\n")
                    .append("    plan:\n")
                    .append("      suites: [builtin]\n")
                    .append("      conditions: [chat_template]\n")
                    .append("      sampling: {temperature: 0.7, max_tokens: ").append(MAX_TOKENS)
                    .append(", seed: 1, samples: ").append(model.samples()).append("}\n")
                    .append("      judges: [builtin-refusal]\n");
        }
        try {
            Path file = Files.createTempFile("safegate-bench-models", ".yaml");
            file.toFile().deleteOnExit();
            return Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the bench models file", e);
        }
    }

    /** The PostgreSQL server process (the postmaster), the parent of this connection's backend. */
    ProcessHandle postgresServer() {
        long backend = queryLong("select pg_backend_pid()");
        return ProcessHandle.of(backend).flatMap(ProcessHandle::parent)
                .orElseThrow(() -> new IllegalStateException("no PostgreSQL server process found"));
    }

    ServiceProcess service(String module) {
        return services.get(module);
    }

    /** Announces a version the way MLflow does (a signed model_version.created delivery); returns the run id. */
    String announceVersion(String model, String version) {
        JsonNode answer = calls.announceMlflowVersion(service("orchestrator").baseUrl(), MLFLOW_SECRET, model, version);
        JsonNode baseline = answer.path("baseline_run_id");
        boolean hasBaseline = !baseline.isMissingNode() && !baseline.isNull() && !baseline.asText().isEmpty();
        if (!answer.path("status").asText().equals("accepted") || hasBaseline) {
            throw new IllegalStateException("expected a candidate-only run: " + answer);
        }
        return answer.path("run_id").asText();
    }

    /** The orchestrator's view of a run (status, expected_tasks, decision). */
    JsonNode run(String id) {
        return calls.json(ServiceCalls.request(service("orchestrator").baseUrl() + "/api/v1/runs/" + id)
                .header("Authorization", "Bearer " + READER_TOKEN).GET().build(), 200);
    }

    /** The results service's report of a run (progress.storedVerdicts). */
    JsonNode report(String id) {
        return calls.json(ServiceCalls.request(service("results").baseUrl() + "/api/v1/runs/" + id + "/report")
                .GET().build(), 200);
    }

    /** A service's Prometheus page. */
    String metrics(String module) {
        return calls.text(service(module).baseUrl() + "/q/metrics");
    }

    /** The results service's running count of newly stored verdicts of a run (0 before its CREATED event). */
    long storedVerdictsHint(String runId) {
        return queryLong("select stored_verdicts from results.runs where run_id = ?", runId);
    }

    /** Verdict rows stored for a run, counted in PostgreSQL. */
    long storedRows(String runId) {
        return queryLong("select count(*) from results.verdicts where run_id = ?", runId);
    }

    /** When the last verdict of a run was stored: its insert transaction's start (the column's default now()). */
    long lastStoredMillis(String runId) {
        return queryLong("select (extract(epoch from max(ingested_at)) * 1000)::bigint from results.verdicts"
                + " where run_id = ?", runId);
    }

    private long queryLong(String sql, String... parameters) {
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getLong(1) : 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void close() {
        try {
            database.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
        List.of("orchestrator", "inference-worker", "judge", "results").forEach(name -> {
            if (services.containsKey(name)) {
                services.get(name).close();
            }
        });
        modelHost.close();
    }
}
