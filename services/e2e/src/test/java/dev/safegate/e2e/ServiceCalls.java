package dev.safegate.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.core.webhook.SignedDelivery;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * HTTP calls to the services of an end-to-end stack (the tests' and the benchmark's): JSON answers with an
 * expected status, plain text pages, and the signed MLflow webhook. HTTP/1.1, because an h2c upgrade once hung.
 */
public final class ServiceCalls {
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT);
    }

    /** Sends the request; its JSON answer, or an IllegalStateException naming the status and body. */
    public JsonNode json(HttpRequest request, int expectedStatus) {
        HttpResponse<String> response = send(request);
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri() + " answered no JSON: " + response.body(), e);
        }
    }

    /** The body of a GET, whatever its status (e.g. a Prometheus page). */
    public String text(String url) {
        return send(request(url).GET().build()).body();
    }

    /**
     * Announces a model version the way MLflow does: a model_version.created delivery signed with {@code secret}
     * (X-MLflow-Signature v1). Returns the orchestrator's answer, which must be 202.
     */
    public JsonNode announceMlflowVersion(String orchestratorUrl, String secret, String model, String version) {
        long now = Instant.now().getEpochSecond();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(Map.of("entity", "model_version", "action", "created",
                    "timestamp", now * 1000, "data", Map.of("name", model, "version", version)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String delivery = UUID.randomUUID().toString();
        String timestamp = Long.toString(now);
        String signature = SignedDelivery.sign(secret.getBytes(StandardCharsets.UTF_8), delivery, timestamp, body);
        return json(request(orchestratorUrl + "/webhooks/mlflow")
                .header("Content-Type", "application/json")
                .header("X-MLflow-Delivery-Id", delivery)
                .header("X-MLflow-Timestamp", timestamp)
                .header("X-MLflow-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), 202);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
