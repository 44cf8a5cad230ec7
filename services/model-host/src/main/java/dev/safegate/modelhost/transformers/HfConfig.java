package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The facts of a decoder-only Hugging Face model that its forward pass needs, read from config.json.
 *
 * @param architecture the config's first {@code architectures} entry (LlamaForCausalLM, Qwen2ForCausalLM, ...)
 * @param headDim per-head size; Mistral and Qwen3-style configs may set it apart from hidden / heads
 * @param ropeScaling Llama 3.1's frequency scaling, or null
 * @param attentionBias q, k and v projections carry biases (Qwen2 always; Llama where {@code attention_bias})
 * @param maxPositions {@code max_position_embeddings}
 * @param slidingWindow Mistral's attention window, or 0 for none
 * @param eosTokenIds generation stops at any of them
 * @param gemma2 Gemma-2's changes to the Llama pass, or null for the Llama family
 */
public record HfConfig(
        String architecture,
        int vocabSize,
        int hiddenSize,
        int layers,
        int heads,
        int kvHeads,
        int headDim,
        int intermediateSize,
        double rmsNormEps,
        double ropeTheta,
        RopeScaling ropeScaling,
        boolean tiedEmbeddings,
        boolean attentionBias,
        int maxPositions,
        int slidingWindow,
        long bosTokenId,
        Set<Long> eosTokenIds,
        Gemma2Features gemma2) {

    private static final String GEMMA2_NAME = "Gemma2ForCausalLM";
    /** Architectures whose forward pass is the Llama one (Gemma-2 with its changes), and whether q/k/v have biases. */
    private static final Map<String, Boolean> SUPPORTED = Map.of(
            "LlamaForCausalLM", false, "MistralForCausalLM", false, "Qwen2ForCausalLM", true, GEMMA2_NAME, false);

    public static HfConfig read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        JsonNode architectures = root.path("architectures");
        String architecture = architectures.isArray() && !architectures.isEmpty() ? architectures.get(0).asText() : "";
        if (!SUPPORTED.containsKey(architecture)) {
            throw new IOException(file + ": unsupported architecture '" + architecture + "' (supported: "
                    + String.join(", ", SUPPORTED.keySet().stream().sorted().toList()) + ")");
        }
        int hidden = required(root, "hidden_size", file);
        int heads = required(root, "num_attention_heads", file);
        int headDim = root.path("head_dim").isInt() ? root.get("head_dim").asInt() : hidden / heads;
        boolean gemma2 = architecture.equals(GEMMA2_NAME);
        return new HfConfig(architecture,
                required(root, "vocab_size", file),
                hidden,
                required(root, "num_hidden_layers", file),
                heads,
                root.path("num_key_value_heads").asInt(heads),
                headDim,
                required(root, "intermediate_size", file),
                root.path("rms_norm_eps").asDouble(1e-6),
                root.path("rope_theta").asDouble(10000),
                RopeScaling.read(root.path("rope_scaling"), file.toString()),
                root.path("tie_word_embeddings").asBoolean(gemma2), // transformers' defaults
                SUPPORTED.get(architecture) || root.path("attention_bias").asBoolean(false),
                root.path("max_position_embeddings").asInt(2048),
                root.path("sliding_window").asInt(0),
                root.path("bos_token_id").asLong(-1),
                ids(root.path("eos_token_id")),
                gemma2 ? Gemma2Features.read(root, headDim) : null);
    }

    /** The rotary inverse frequency of dimension pair i (of headDim / 2), scaled where the config asks. */
    public double inverseFrequency(int i) {
        double frequency = 1 / Math.pow(ropeTheta, 2.0 * i / headDim);
        return ropeScaling == null ? frequency : ropeScaling.scale(frequency);
    }

    private static int required(JsonNode root, String key, Path file) throws IOException {
        JsonNode value = root.path(key);
        if (!value.canConvertToInt() || value.asInt() <= 0) {
            throw new IOException(file + ": '" + key + "' is missing or not a positive integer");
        }
        return value.asInt();
    }

    /** eos_token_id may be one id or a list (Llama 3 instruct stops at any of three). */
    private static Set<Long> ids(JsonNode node) {
        Set<Long> ids = new LinkedHashSet<>();
        if (node.isArray()) {
            node.forEach(id -> ids.add(id.asLong()));
        } else if (node.canConvertToLong()) {
            ids.add(node.asLong());
        }
        return Set.copyOf(ids);
    }
}
