package dev.safegate.modelhost.repository;

import dev.safegate.modelhost.gguf.GgufSettings;
import dev.safegate.modelhost.image.ImageClassifierSettings;
import dev.safegate.modelhost.synthetic.SyntheticSettings;
import dev.safegate.modelhost.transformers.TransformersSettings;
import java.util.Map;

/**
 * The contents of a model's {@code config.yaml}: SafeGate's small stand-in for Triton's {@code config.pbtxt}.
 *
 * @param backend which backend serves the model
 * @param decoupled Triton's decoupled transaction policy; LLM backends are decoupled (their default), so only
 *     ModelStreamInfer reaches them; image classifiers never are
 * @param maxBatchSize Triton's max_batch_size; 0 (the default, as for vLLM) means the shapes carry no batch
 *     dimension; an image classifier needs one (default 32)
 * @param chatTemplate the model's Jinja chat template, served as a config parameter (a GGUF file brings its own)
 * @param bosToken served as a config parameter next to the template
 * @param eosToken served as a config parameter next to the template
 * @param synthetic settings of the synthetic backends
 * @param gguf settings of the llama.cpp backend
 * @param transformers settings of the transformers backend (the Hugging Face model folder)
 * @param syntheticImage settings of the synthetic image classifier backend
 * @param versions the versions to serve, each with what differs from the settings above; absent means one
 *     version, "1". Every listed version is served (Triton's version_policy "all").
 */
public record ModelConfigFile(
        Backend backend,
        Boolean decoupled,
        Integer maxBatchSize,
        String chatTemplate,
        String bosToken,
        String eosToken,
        SyntheticSettings synthetic,
        GgufSettings gguf,
        TransformersSettings transformers,
        Map<String, VersionSettings> versions,
        ImageClassifierSettings syntheticImage) {

    public ModelConfigFile {
        if (backend == null) {
            throw new IllegalArgumentException("'backend' is required: one of synthetic, synthetic-guard,"
                    + " synthetic-rubric, gguf, transformers, synthetic-image");
        }
        boolean image = backend == Backend.SYNTHETIC_IMAGE;
        decoupled = decoupled == null ? !image : decoupled;
        maxBatchSize = maxBatchSize == null ? (image ? 32 : 0) : maxBatchSize;
        if (image && (decoupled || maxBatchSize < 1 || syntheticImage == null)) {
            throw new IllegalArgumentException("backend synthetic-image needs a 'synthetic_image' section,"
                    + " max_batch_size >= 1 and decoupled false");
        }
        versions = versions == null || versions.isEmpty() ? Map.of("1", VersionSettings.SAME) : Map.copyOf(versions);
        for (String version : versions.keySet()) {
            if (!version.matches("[1-9][0-9]*")) {
                throw new IllegalArgumentException("version '" + version + "' is not a positive integer");
            }
        }
        if (backend == Backend.GGUF && gguf == null) {
            throw new IllegalArgumentException("backend gguf needs a 'gguf' section with the model file's path");
        }
        if (backend == Backend.TRANSFORMERS && transformers == null) {
            throw new IllegalArgumentException("backend transformers needs a 'transformers' section with the model folder's path");
        }
        boolean simulated = backend == Backend.SYNTHETIC || backend == Backend.SYNTHETIC_GUARD
                || backend == Backend.SYNTHETIC_RUBRIC;
        if (simulated && synthetic == null) {
            throw new IllegalArgumentException("backend " + backend.yamlName() + " needs a 'synthetic' section");
        }
    }
}
