package dev.safegate.core.image;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An image classifier that takes batches: the audit's only view of a model (a Triton model in the services, a
 * function in tests). Implementations must allow several calls in flight at once.
 */
public interface BatchClassifier {

    /** The input the model expects. */
    Preprocessing preprocessing();

    /** The most images one call may carry (the model's max_batch_size). */
    int maxBatchSize();

    /** Class names by output index; empty when the model publishes none. */
    List<String> classNames();

    /**
     * Class probabilities of {@code batch} images whose tensors lie one after the other in {@code tensors}
     * ({@code batch * preprocessing().tensorLength()} values, the model's layout, possibly followed by unused
     * space): one row per image. The caller may reuse {@code tensors} once this returns, so an implementation reads
     * them before it returns (a Triton client encodes its request).
     */
    CompletableFuture<float[][]> classify(float[] tensors, int batch);
}
