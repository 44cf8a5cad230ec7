package dev.safegate.worker;

import dev.safegate.proto.inference.ModelConfig;
import dev.safegate.proto.inference.ModelParameter;
import dev.safegate.triton.TritonClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Which white-box request parameters a model honours, as its ModelConfig declares them (parameter
 * {@value #SUPPORTED}, comma-separated; the white-box contract in proto/README.md). A model server ignores request
 * parameters it does not know (Triton's vLLM backend does), so a white-box condition sent to a model that does not
 * declare it would come back as a plain answer measured as if it were the condition: the worker refuses such a task
 * before calling the model. Read once per model version and cached.
 */
@Singleton
public class WhiteBoxSupport {
    static final String SUPPORTED = "supported_request_parameters";
    private static final Duration CONFIG_TIMEOUT = Duration.ofSeconds(30);

    private final TritonClient triton;
    private final Map<String, CompletableFuture<Set<String>>> byModelVersion = new ConcurrentHashMap<>();

    public WhiteBoxSupport(TritonClient triton) {
        this.triton = triton;
    }

    /** Completes when the model declares every parameter of the plan; fails with {@link PromptException} if not. */
    public Uni<Void> check(ServedModel model, PromptPlan plan) {
        return check(model, plan.parameters().keySet());
    }

    /** Completes when the model declares every one of {@code parameters}; fails with {@link PromptException} if not. */
    public Uni<Void> check(ServedModel model, java.util.Collection<String> parameters) {
        if (parameters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String key = model.name() + "@" + model.triton().version();
        CompletableFuture<Set<String>> supported = byModelVersion.computeIfAbsent(key, k -> triton
                .modelConfig(model.name(), model.triton().version(), CONFIG_TIMEOUT)
                .thenApply(WhiteBoxSupport::supported));
        return Uni.createFrom().completionStage(supported)
                .onFailure().invoke(() -> byModelVersion.remove(key, supported))
                .invoke(declared -> {
                    List<String> missing = parameters.stream().filter(p -> !declared.contains(p)).sorted().toList();
                    if (!missing.isEmpty()) {
                        throw new PromptException(PromptException.UNSUPPORTED, "model " + model.name()
                                + " does not declare the white-box request parameter(s) " + missing + " in its "
                                + "ModelConfig parameter " + SUPPORTED + " (declared: "
                                + (declared.isEmpty() ? "none" : declared.stream().sorted().toList())
                                + "); not sent, since a server that ignores them would answer as if plain", null);
                    }
                })
                .replaceWithVoid();
    }

    static Set<String> supported(ModelConfig config) {
        ModelParameter declared = config.getParametersMap().get(SUPPORTED);
        if (declared == null) {
            return Set.of();
        }
        return Arrays.stream(declared.getStringValue().split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }
}
