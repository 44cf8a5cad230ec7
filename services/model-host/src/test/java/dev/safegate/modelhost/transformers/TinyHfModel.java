package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.safegate.modelhost.gguf.TinyLlamaWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes {@link TinyLlamaWeights} as a Hugging Face model folder: config.json, model.safetensors, tokenizer files. */
final class TinyHfModel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TinyHfModel() {
    }

    /**
     * @param dtype F32, F16 or BF16
     * @param architecture LlamaForCausalLM, Qwen2ForCausalLM, MistralForCausalLM
     */
    static Path write(Path folder, TinyLlamaWeights weights, String dtype, String architecture, Path tokenizerFolder)
            throws IOException {
        Files.createDirectories(folder);
        Files.copy(tokenizerFolder.resolve("tokenizer.json"), folder.resolve("tokenizer.json"));
        Files.copy(tokenizerFolder.resolve("chat_template.jinja"), folder.resolve("chat_template.jinja"));
        Files.writeString(folder.resolve("config.json"), config(weights, architecture).toString());
        writeSafetensors(folder.resolve("model.safetensors"), weights.tensors(), weights.shapes(), dtype);
        return folder;
    }

    /** The same model with its weights in two shards and model.safetensors.index.json, as large checkpoints ship. */
    static Path writeSharded(Path folder, TinyLlamaWeights weights, Path tokenizerFolder) throws IOException {
        write(folder, weights, "F32", "LlamaForCausalLM", tokenizerFolder);
        Files.delete(folder.resolve("model.safetensors"));
        List<Map<String, float[]>> shards = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        ObjectNode index = JSON.createObjectNode();
        ObjectNode weightMap = index.putObject("weight_map");
        int i = 0;
        for (Map.Entry<String, float[]> tensor : weights.tensors().entrySet()) {
            int shard = i++ % 2;
            shards.get(shard).put(tensor.getKey(), tensor.getValue());
            weightMap.put(tensor.getKey(), shardName(shard));
        }
        for (int shard = 0; shard < 2; shard++) {
            writeSafetensors(folder.resolve(shardName(shard)), shards.get(shard), weights.shapes(), "F32");
        }
        Files.writeString(folder.resolve("model.safetensors.index.json"), index.toString());
        return folder;
    }

    static String shardName(int shard) {
        return "model-0000" + (shard + 1) + "-of-00002.safetensors";
    }

    static ObjectNode config(TinyLlamaWeights weights, String architecture) {
        ObjectNode config = JSON.createObjectNode();
        config.putArray("architectures").add(architecture);
        config.put("hidden_size", TinyLlamaWeights.HIDDEN);
        config.put("intermediate_size", TinyLlamaWeights.FFN);
        config.put("num_hidden_layers", TinyLlamaWeights.LAYERS);
        config.put("num_attention_heads", TinyLlamaWeights.HEADS);
        config.put("num_key_value_heads", TinyLlamaWeights.KV_HEADS);
        config.put("vocab_size", weights.vocab());
        config.put("rms_norm_eps", 1e-5);
        config.put("rope_theta", 10000.0);
        config.put("max_position_embeddings", 2048);
        config.put("tie_word_embeddings", true);
        config.put("bos_token_id", 1);
        config.put("eos_token_id", 2);
        return config;
    }

    static void writeSafetensors(Path file, Map<String, float[]> tensors, Map<String, long[]> shapes, String dtype)
            throws IOException {
        Map<String, Safetensors.Tensor> named = new LinkedHashMap<>();
        tensors.forEach((name, data) -> named.put(name, new Safetensors.Tensor(shapes.get(name), data)));
        Safetensors.write(file, named, dtype);
    }

    /** The weights as the given dtype would store them, widened back to F32 (to compare a low-precision load). */
    static TinyLlamaWeights rounded(TinyLlamaWeights weights, String dtype) {
        Map<String, float[]> rounded = new LinkedHashMap<>();
        weights.tensors().forEach((name, data) -> {
            float[] copy = new float[data.length];
            for (int i = 0; i < data.length; i++) {
                copy[i] = dtype.equals("F16") ? Float.float16ToFloat(Float.floatToFloat16(data[i]))
                        : Float.intBitsToFloat(Float.floatToRawIntBits(data[i]) & 0xFFFF0000);
            }
            rounded.put(name, copy);
        });
        return new TinyLlamaWeights(rounded, weights.shapes());
    }
}
