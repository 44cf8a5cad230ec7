package dev.safegate.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus scrapes this service holding a finished, regressed run; every query of the Grafana dashboard
 * that reads this service's metrics returns data, and the chart's alert rule for a regression fires.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class PrometheusLiveTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path CHART_FILES = Path.of("../../deploy/helm/safegate/files");
    /** Metrics of the other services (judge, inference worker): the dashboard shows them, this service cannot. */
    private static final Set<String> OTHER_SERVICES = Set.of("safegate_judge_verdicts_total",
            "safegate_judge_errors_total",
            "safegate_model_call_duration_seconds_bucket", "safegate_generations_total");
    /**
     * Gauges of measures the regressed pair has no data for (rubric judge, repeated samples, white-box conditions,
     * image audits); ReportSectionsTest, WhiteBoxResultsTest and VisualAuditResultsTest scrape each by this name.
     */
    private static final Set<String> OTHER_RUN_KINDS = Set.of("safegate_misalignment_ratio",
            "safegate_unsafe_at_k_ratio", "safegate_unreliability_ratio", "safegate_kl_first_tokens_ratio",
            "safegate_detection_auroc_ratio", "safegate_direction_projection_shift",
            "safegate_image_background_reliance_ratio", "safegate_image_confident_outside_ratio");
    private static final Pattern METRIC = Pattern.compile("\\bsafegate_[a-z0-9_]+");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path work;
    private static Process prometheus;
    private static String prometheusUrl;

    @BeforeEach
    void prometheusScrapingTheService() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(PROMETHEUS),
                "Prometheus is not installed (apt-get install -y prometheus); skipping the live dashboard test");
        RegressedPair.ensure();
        if (prometheus == null) {
            startPrometheus();
        }
    }

    /** Started from the first test, when RestAssured knows the service's port. */
    private static void startPrometheus() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: safegate-results
                    metrics_path: /q/metrics
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(CHART_FILES.resolve("alerts.yaml").toAbsolutePath(), RestAssured.port));
        prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + work.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(work.resolve("prometheus.log").toFile()).start();
        prometheusUrl = "http://127.0.0.1:" + port;
        // Rates need at least two samples in their window; wait for a few scrapes.
        JsonNode scrapes = Await.until(() -> query("count_over_time(safegate_runs_stalled{job=\"safegate-results\"}[1m])"),
                r -> r.size() == 1 && r.get(0).path("value").path(1).asDouble() >= 4, Duration.ofSeconds(60));
        assertEquals(1, scrapes.size(), "Prometheus did not scrape the service; log: " + log());
    }

    @AfterAll
    static void stopPrometheus() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            prometheus.waitFor();
        }
    }

    @Test
    void everyDashboardQueryOnThisServiceReturnsData() throws IOException {
        JsonNode dashboard = JSON.readTree(CHART_FILES.resolve("dashboard.json").toFile());
        Set<String> exported = new TreeSet<>();
        Scrape.now().samples().forEach(s -> exported.add(s.name()));
        Map<String, String> empty = new LinkedHashMap<>();
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, String> panel : panelQueries(dashboard).entrySet()) {
            String expr = substitute(panel.getValue());
            Set<String> metrics = metricsIn(expr);
            if (metrics.stream().map(m -> m.replaceAll("_(lower|upper)$", "")).anyMatch(OTHER_RUN_KINDS::contains)) {
                continue;
            }
            Set<String> unknown = new TreeSet<>(metrics);
            unknown.removeAll(exported);
            if (!unknown.isEmpty()) {
                unknown.removeAll(OTHER_SERVICES);
                assertTrue(unknown.isEmpty(), "panel '" + panel.getKey() + "' reads " + unknown
                        + ", which no SafeGate service exports: " + panel.getValue());
                continue;
            }
            checked.add(panel.getKey());
            if (query(expr).isEmpty()) {
                empty.put(panel.getKey(), expr);
            }
        }
        assertTrue(empty.isEmpty(), "dashboard queries without data: " + empty);
        assertFalse(checked.isEmpty());
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (variable.path("type").asText().equals("query")) {
                String definition = variable.path("definition").asText();
                Matcher m = Pattern.compile("label_values\\((.+),\\s*(\\w+)\\)").matcher(definition);
                assertTrue(m.matches(), definition);
                JsonNode values = get("/api/v1/label/" + m.group(2) + "/values?match[]="
                        + encode(substitute(m.group(1)))).path("data");
                assertFalse(values.isEmpty(), "variable " + variable.path("name").asText() + " has no values");
            }
        }
    }

    @Test
    void theRegressionAlertFiresForTheRegressedModel() {
        given().get("/api/v1/runs/" + RegressedPair.CANDIDATE + "/report").then()
                .body("decision.outcome", equalTo("FAIL"));
        JsonNode firing = Await.until(PrometheusLiveTest::alerts, alerts -> {
            for (JsonNode alert : alerts) {
                if (alert.path("labels").path("alertname").asText().equals("SafeGateSafetyRegression")
                        && alert.path("labels").path("model").asText().equals(RegressedPair.MODEL)
                        && alert.path("state").asText().equals("firing")) {
                    return true;
                }
            }
            return false;
        }, Duration.ofSeconds(30));
        assertTrue(firing.toString().contains("SafeGateSafetyRegression"), "alerts: " + firing);
        for (JsonNode alert : firing) {
            if (alert.path("labels").path("alertname").asText().equals("SafeGateSafetyRegression")) {
                assertEquals(RegressedPair.MODEL, alert.path("labels").path("model").asText(),
                        "only the regressed model alerts: " + alert);
            }
        }
    }

    /** Panel title (with the target's refId when a panel has several) -> PromQL. */
    private static Map<String, String> panelQueries(JsonNode dashboard) {
        Map<String, String> queries = new LinkedHashMap<>();
        List<JsonNode> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panels::add);
        for (int i = 0; i < panels.size(); i++) {
            JsonNode panel = panels.get(i);
            panel.path("panels").forEach(panels::add);
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.put(panel.path("title").asText() + " [" + target.path("refId").asText() + "]",
                            target.path("expr").asText());
                }
            }
        }
        return queries;
    }

    /** Grafana's variables as "All" would set them. */
    private static String substitute(String expr) {
        return expr.replace("$__rate_interval", "1m").replace("$__interval", "15s").replace("$__range", "5m")
                .replaceAll("\\$\\{?(model|suite|condition)}?", ".*");
    }

    private static Set<String> metricsIn(String expr) {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static JsonNode query(String promql) {
        return get("/api/v1/query?query=" + encode(promql)).path("data").path("result");
    }

    private static JsonNode alerts() {
        return get("/api/v1/alerts").path("data").path("alerts");
    }

    private static JsonNode get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(prometheusUrl + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode(); // not up yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail(e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String log() {
        try {
            return Files.readString(work.resolve("prometheus.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
