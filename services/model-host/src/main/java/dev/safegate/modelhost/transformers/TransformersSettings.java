package dev.safegate.modelhost.transformers;

/**
 * Settings of a Hugging Face model (section {@code transformers} of its config.yaml).
 *
 * @param path the model's folder (config.json, safetensors, tokenizer.json); relative to the model's folder
 * @param contextSize tokens per sequence (prompt plus output); at most the model's max_position_embeddings
 * @param threads PyTorch's intra-op CPU threads (process-wide: the first transformers model loaded sets them)
 * @param maxBatch sequences decoded together in one forward pass
 * @param queueSize requests that may wait for a batch slot; beyond it a request is refused as UNAVAILABLE
 */
public record TransformersSettings(String path, Integer contextSize, Integer threads, Integer maxBatch,
        Integer queueSize) {
    public TransformersSettings {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("transformers.path is required");
        }
        contextSize = contextSize == null ? 2048 : contextSize;
        threads = threads == null ? Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())) : threads;
        maxBatch = maxBatch == null ? 16 : maxBatch;
        queueSize = queueSize == null ? 256 : queueSize;
        if (contextSize < 1 || threads < 1 || maxBatch < 1 || queueSize < 1) {
            throw new IllegalArgumentException("transformers: context_size, threads, max_batch and queue_size must be >= 1");
        }
    }

    public TransformersSettings withPath(String otherPath) {
        return otherPath == null ? this : new TransformersSettings(otherPath, contextSize, threads, maxBatch, queueSize);
    }
}
