package dev.safegate.worker.image;

import dev.safegate.core.image.InputOverrides;
import dev.safegate.triton.TritonClient;
import dev.safegate.triton.TritonImageClassifier;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The image classifiers this worker audits, each read from its model's configuration once (input, layout,
 * preprocessing, batch size, class names) per model version and preprocessing override. A failed read is not kept,
 * so the next task tries again.
 */
@Singleton
public class ImageClassifiers {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final TritonClient client;
    private final Map<Key, CompletableFuture<TritonImageClassifier>> byModel = new ConcurrentHashMap<>();

    public ImageClassifiers(TritonClient client) {
        this.client = client;
    }

    private record Key(String model, String version, String overrides) {
    }

    public CompletableFuture<TritonImageClassifier> of(String model, String version, InputOverrides overrides,
                                                       String overridesKey) {
        Key key = new Key(model, version, overridesKey);
        CompletableFuture<TritonImageClassifier> classifier = byModel.computeIfAbsent(key,
                k -> TritonImageClassifier.of(client, model, version, overrides, TIMEOUT));
        classifier.whenComplete((ok, error) -> {
            if (error != null) {
                byModel.remove(key, classifier);
            }
        });
        return classifier;
    }
}
