package dev.safegate.modelhost.gguf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Writes a tiny Llama-architecture GGUF v3 file (F32, random weights, 2 layers, hidden size 64) with the real
 * vocabulary, merges and special tokens of a HuggingFace BPE tokenizer.json, so that llama.cpp loads it and
 * generates (gibberish) with the real tokenizer. No GGUF writer exists for Java, hence this small one; the
 * layout follows the project's build notes (keys, tensor shapes innermost dimension first, 32-byte alignment).
 */
public final class TinyGgufWriter {
    static final int HIDDEN = 64;
    static final int HEADS = 4;
    static final int KV_HEADS = 2;
    static final int FFN = 128;
    static final int LAYERS = 2;
    static final int ALIGNMENT = 32;

    private static final int TYPE_UINT32 = 4;
    private static final int TYPE_INT32 = 5;
    private static final int TYPE_FLOAT32 = 6;
    private static final int TYPE_BOOL = 7;
    private static final int TYPE_STRING = 8;
    private static final int TYPE_ARRAY = 9;
    private static final int TOKEN_NORMAL = 1;
    private static final int TOKEN_CONTROL = 3;

    private TinyGgufWriter() {
    }

    /** Writes a model with random weights to {@code out}: special tokens bos = id 1, eos = id 2 (SmolLM2's ids). */
    public static void write(Path tokenizerJson, String chatTemplate, Path out, long seed) throws IOException {
        write(tokenizerJson, chatTemplate, out, null, seed);
    }

    /** Writes the given weights (Hugging Face names and layout) to {@code out}. */
    public static void write(Path tokenizerJson, String chatTemplate, Path out, TinyLlamaWeights weights)
            throws IOException {
        write(tokenizerJson, chatTemplate, out, weights, 0);
    }

    private static void write(Path tokenizerJson, String chatTemplate, Path out, TinyLlamaWeights given, long seed)
            throws IOException {
        JsonNode tokenizer = new ObjectMapper().readTree(tokenizerJson.toFile());
        List<String> tokens = new ArrayList<>();
        tokenizer.get("model").get("vocab").fields().forEachRemaining(e -> set(tokens, e.getValue().asInt(), e.getKey()));
        List<Integer> types = new ArrayList<>(Collections.nCopies(tokens.size(), TOKEN_NORMAL));
        for (JsonNode added : tokenizer.get("added_tokens")) {
            int id = added.get("id").asInt();
            set(tokens, id, added.get("content").asText());
            while (types.size() < tokens.size()) {
                types.add(TOKEN_NORMAL);
            }
            if (added.get("special").asBoolean()) {
                types.set(id, TOKEN_CONTROL);
            }
        }
        List<String> merges = new ArrayList<>();
        for (JsonNode merge : tokenizer.get("model").get("merges")) {
            merges.add(merge.isArray() ? merge.get(0).asText() + " " + merge.get(1).asText() : merge.asText());
        }

        TinyLlamaWeights weights = given != null ? given : TinyLlamaWeights.random(seed, tokens.size(), 0.02);
        List<Tensor> tensors = tensors(tokens.size());
        Bytes keyValues = new Bytes();
        keyValues.key("general.architecture").int32(TYPE_STRING).string("llama");
        keyValues.key("llama.context_length").int32(TYPE_UINT32).int32(2048);
        keyValues.key("llama.embedding_length").int32(TYPE_UINT32).int32(HIDDEN);
        keyValues.key("llama.block_count").int32(TYPE_UINT32).int32(LAYERS);
        keyValues.key("llama.feed_forward_length").int32(TYPE_UINT32).int32(FFN);
        keyValues.key("llama.attention.head_count").int32(TYPE_UINT32).int32(HEADS);
        keyValues.key("llama.attention.head_count_kv").int32(TYPE_UINT32).int32(KV_HEADS);
        keyValues.key("llama.attention.layer_norm_rms_epsilon").int32(TYPE_FLOAT32).float32(1e-5f);
        keyValues.key("llama.rope.dimension_count").int32(TYPE_UINT32).int32(HIDDEN / HEADS);
        keyValues.key("tokenizer.ggml.model").int32(TYPE_STRING).string("gpt2");
        keyValues.key("tokenizer.ggml.pre").int32(TYPE_STRING).string("smollm");
        keyValues.key("tokenizer.ggml.tokens").int32(TYPE_ARRAY).int32(TYPE_STRING).int64(tokens.size());
        tokens.forEach(keyValues::string);
        keyValues.key("tokenizer.ggml.token_type").int32(TYPE_ARRAY).int32(TYPE_INT32).int64(types.size());
        types.forEach(keyValues::int32);
        keyValues.key("tokenizer.ggml.merges").int32(TYPE_ARRAY).int32(TYPE_STRING).int64(merges.size());
        merges.forEach(keyValues::string);
        keyValues.key("tokenizer.ggml.bos_token_id").int32(TYPE_UINT32).int32(1);
        keyValues.key("tokenizer.ggml.eos_token_id").int32(TYPE_UINT32).int32(2);
        keyValues.key("tokenizer.ggml.add_bos_token").int32(TYPE_BOOL).int8(0);
        keyValues.key("tokenizer.chat_template").int32(TYPE_STRING).string(chatTemplate);
        keyValues.key("general.name").int32(TYPE_STRING).string("tiny-random-smollm2");

        // The file starts with the counts, known only now: magic "GGUF", version 3, tensor and key counts.
        Bytes header = new Bytes();
        header.int32(0x46554747).int32(3).int64(tensors.size()).int64(keyValues.keys);
        keyValues.writeTo(header);
        long offset = 0;
        for (Tensor tensor : tensors) {
            header.string(tensor.name).int32(tensor.dims.length);
            for (long dim : tensor.dims) {
                header.int64(dim);
            }
            header.int32(0).int64(offset); // type F32, offset in the data section
            offset = align(offset + tensor.bytes());
        }
        header.pad();

        try (FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(header.toByteArray()));
            for (Tensor tensor : tensors) {
                ByteBuffer data = ByteBuffer.allocate((int) align(tensor.bytes())).order(ByteOrder.LITTLE_ENDIAN);
                float[] values = weights.tensors().get(tensor.hfName);
                if (tensor.ropeHeads > 0) {
                    values = interleaveRotaryPairs(values, tensor.ropeHeads);
                }
                data.asFloatBuffer().put(values);
                data.clear();
                channel.write(data);
            }
        }
    }

    private static List<Tensor> tensors(int vocab) {
        int kv = HIDDEN / HEADS * KV_HEADS;
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(new Tensor("token_embd.weight", "model.embed_tokens.weight", 0, HIDDEN, vocab));
        for (int layer = 0; layer < LAYERS; layer++) {
            String prefix = "blk." + layer + ".";
            String hf = "model.layers." + layer + ".";
            tensors.add(new Tensor(prefix + "attn_norm.weight", hf + "input_layernorm.weight", 0, HIDDEN));
            tensors.add(new Tensor(prefix + "attn_q.weight", hf + "self_attn.q_proj.weight", HEADS, HIDDEN, HIDDEN));
            tensors.add(new Tensor(prefix + "attn_k.weight", hf + "self_attn.k_proj.weight", KV_HEADS, HIDDEN, kv));
            tensors.add(new Tensor(prefix + "attn_v.weight", hf + "self_attn.v_proj.weight", 0, HIDDEN, kv));
            tensors.add(new Tensor(prefix + "attn_output.weight", hf + "self_attn.o_proj.weight", 0, HIDDEN, HIDDEN));
            tensors.add(new Tensor(prefix + "ffn_norm.weight", hf + "post_attention_layernorm.weight", 0, HIDDEN));
            tensors.add(new Tensor(prefix + "ffn_gate.weight", hf + "mlp.gate_proj.weight", 0, HIDDEN, FFN));
            tensors.add(new Tensor(prefix + "ffn_up.weight", hf + "mlp.up_proj.weight", 0, HIDDEN, FFN));
            tensors.add(new Tensor(prefix + "ffn_down.weight", hf + "mlp.down_proj.weight", 0, FFN, HIDDEN));
        }
        tensors.add(new Tensor("output_norm.weight", "model.norm.weight", 0, HIDDEN));
        return tensors;
    }

    private static void set(List<String> list, int index, String value) {
        while (list.size() <= index) {
            list.add(null);
        }
        list.set(index, value);
    }

    private static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /**
     * Hugging Face orders each head's rotary dimensions as two halves (rotate-half); llama.cpp's "llama" rope pairs
     * neighbours. As convert_hf_to_gguf.py does, HF row {@code j * d/2 + i} of a head becomes row {@code 2i + j}.
     */
    private static float[] interleaveRotaryPairs(float[] weight, int heads) {
        int rowsPerHead = weight.length / HIDDEN / heads;
        int half = rowsPerHead / 2;
        float[] out = new float[weight.length];
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < half; i++) {
                for (int j = 0; j < 2; j++) {
                    int from = h * rowsPerHead + j * half + i;
                    int to = h * rowsPerHead + 2 * i + j;
                    System.arraycopy(weight, from * HIDDEN, out, to * HIDDEN, HIDDEN);
                }
            }
        }
        return out;
    }

    /**
     * @param hfName the Hugging Face tensor holding the data (same row-major layout)
     * @param ropeHeads heads whose rotary rows are re-ordered (q and k), or 0
     * @param dims innermost first, as GGUF lists them
     */
    private record Tensor(String name, String hfName, int ropeHeads, long... dims) {
        long elements() {
            long n = 1;
            for (long dim : dims) {
                n *= dim;
            }
            return n;
        }

        long bytes() {
            return elements() * Float.BYTES;
        }
    }

    /** A little-endian byte builder for the header. */
    private static final class Bytes extends ByteArrayOutputStream {
        private final ByteBuffer scratch = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        private int keys;

        Bytes int8(int value) {
            write(value);
            return this;
        }

        Bytes int32(int value) {
            scratch.clear();
            write(scratch.putInt(value).array(), 0, 4);
            return this;
        }

        Bytes int64(long value) {
            scratch.clear();
            write(scratch.putLong(value).array(), 0, 8);
            return this;
        }

        Bytes float32(float value) {
            return int32(Float.floatToIntBits(value));
        }

        Bytes string(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            int64(utf8.length);
            write(utf8, 0, utf8.length);
            return this;
        }

        Bytes key(String key) {
            keys++;
            return string(key);
        }

        void pad() {
            while (size() % ALIGNMENT != 0) {
                write(0);
            }
        }
    }
}
