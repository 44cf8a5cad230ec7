package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a Llama-architecture model that SafeGate builds itself (the model organisms) as a Hugging Face folder:
 * config.json, model.safetensors (F32) and the tokenizer's files copied from a tokenizer folder, so that the
 * transformers backend, and Hugging Face transformers, load it like any checkpoint.
 */
public final class HfFolderWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Copied when the tokenizer folder has them; tokenizer.json is required. */
    private static final List<String> TOKENIZER_FILES = List.of("tokenizer_config.json", "chat_template.jinja",
            "special_tokens_map.json");

    private HfFolderWriter() {
    }

    public static void write(Path folder, HfConfig config, Map<String, Safetensors.Tensor> tensors,
            Path tokenizerFolder) throws IOException {
        Path tokenizer = tokenizerFolder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new IOException(tokenizer + " does not exist");
        }
        Files.createDirectories(folder);
        Files.copy(tokenizer, folder.resolve("tokenizer.json"), StandardCopyOption.REPLACE_EXISTING);
        for (String name : TOKENIZER_FILES) {
            if (Files.isRegularFile(tokenizerFolder.resolve(name))) {
                Files.copy(tokenizerFolder.resolve(name), folder.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.writeString(folder.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter()
                .writeValueAsString(configJson(config)));
        Safetensors.write(folder.resolve("model.safetensors"), tensors, "F32");
    }

    /** config.json of a plain Llama model (no rope scaling, no sliding window), as transformers writes it. */
    public static ObjectNode configJson(HfConfig config) {
        if (!config.architecture().equals("LlamaForCausalLM") || config.ropeScaling() != null
                || config.slidingWindow() != 0 || config.gemma2() != null || config.attentionBias()) {
            throw new IllegalArgumentException("only plain LlamaForCausalLM configs are written, got "
                    + config.architecture());
        }
        ObjectNode json = JSON.createObjectNode();
        json.putArray("architectures").add(config.architecture());
        json.put("model_type", "llama");
        json.put("hidden_act", "silu");
        json.put("hidden_size", config.hiddenSize());
        json.put("intermediate_size", config.intermediateSize());
        json.put("num_hidden_layers", config.layers());
        json.put("num_attention_heads", config.heads());
        json.put("num_key_value_heads", config.kvHeads());
        json.put("head_dim", config.headDim());
        json.put("vocab_size", config.vocabSize());
        json.put("rms_norm_eps", config.rmsNormEps());
        json.put("rope_theta", config.ropeTheta());
        json.put("max_position_embeddings", config.maxPositions());
        json.put("tie_word_embeddings", config.tiedEmbeddings());
        json.put("attention_bias", false);
        json.put("mlp_bias", false);
        json.put("bos_token_id", config.bosTokenId());
        ArrayNode eos = json.putArray("eos_token_id");
        config.eosTokenIds().stream().sorted().forEach(eos::add);
        json.put("torch_dtype", "float32");
        return json;
    }
}
