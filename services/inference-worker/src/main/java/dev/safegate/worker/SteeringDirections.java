package dev.safegate.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.core.condition.SteeringCondition;
import dev.safegate.proto.v1.EvalTask;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored directions that {@code steering} tasks name ({@code direction: <id>}), fetched from the results
 * service ({@code GET /api/v1/directions/{id}}) once per id: a stored direction never changes (a refit is a new
 * version with a new id), so the cache needs no expiry. A direction that cannot be fetched fails the task with the
 * reason (an ERROR generation); the next task asks again.
 */
@Singleton
public class SteeringDirections {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What steering needs of a stored direction: its layer and its unit vector. */
    public record Direction(int id, int layer, List<Double> unitVector) {
    }

    private final Optional<String> resultsUrl;
    private final PromptBuilder prompts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<Integer, CompletableFuture<Direction>> byId = new ConcurrentHashMap<>();

    public SteeringDirections(WorkerConfig config, PromptBuilder prompts) {
        this.resultsUrl = config.resultsUrl().filter(url -> !url.isBlank()).map(url -> url.replaceAll("/+$", ""));
        this.prompts = prompts;
    }

    /** The direction the task steers along; empty for any task that does not steer along a stored one. */
    public Uni<Optional<Direction>> forTask(EvalTask task) {
        if (!task.getCondition().equals(SteeringCondition.NAME)) {
            return Uni.createFrom().item(Optional.empty());
        }
        Integer id;
        try {
            id = prompts.condition(task) instanceof SteeringCondition s ? s.direction() : null;
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().item(Optional.empty()); // the prompt builder reports the bad parameters
        }
        if (id == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        if (resultsUrl.isEmpty()) {
            return Uni.createFrom().failure(new PromptException(PromptException.DIRECTION, "steering along direction "
                    + id + " needs the results service: set SAFEGATE_RESULTS_URL (safegate.results-url)", null));
        }
        CompletableFuture<Direction> fetch = byId.computeIfAbsent(id, this::fetch);
        return Uni.createFrom().completionStage(fetch)
                .onFailure().invoke(() -> byId.remove(id, fetch))
                .onFailure().transform(e -> e instanceof PromptException ? e : new PromptException(
                        PromptException.DIRECTION, "could not fetch direction " + id + " from " + resultsUrl.get()
                        + ": " + e, e))
                .map(Optional::of);
    }

    private CompletableFuture<Direction> fetch(int id) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(resultsUrl.orElseThrow() + "/api/v1/directions/" + id))
                .timeout(TIMEOUT).header("Accept", "application/json").GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new PromptException(PromptException.DIRECTION, "direction " + id + ": the results service "
                        + "answered " + response.statusCode() + " " + response.body(), null);
            }
            try {
                JsonNode body = JSON.readTree(response.body());
                List<Double> vector = new ArrayList<>();
                body.path("unitVector").forEach(value -> vector.add(value.asDouble()));
                if (vector.isEmpty() || !body.path("layer").canConvertToInt()) {
                    throw new IllegalArgumentException("no layer or unitVector in " + response.body());
                }
                return new Direction(id, body.path("layer").asInt(), List.copyOf(vector));
            } catch (java.io.IOException | IllegalArgumentException e) {
                throw new PromptException(PromptException.DIRECTION, "direction " + id + ": unreadable answer: "
                        + e.getMessage(), e);
            }
        });
    }
}
