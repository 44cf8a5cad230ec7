package dev.safegate.modelhost.gguf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Random weights of the tiny Llama model the tests use (2 blocks, hidden 64, 4 heads, 2 KV heads, FFN 128,
 * tied embeddings), named and shaped as in a Hugging Face checkpoint ([out, in], row-major), so that one set of
 * weights can be written both as safetensors and as GGUF.
 *
 * @param tensors HF name -> data
 * @param shapes HF name -> shape
 */
public record TinyLlamaWeights(Map<String, float[]> tensors, Map<String, long[]> shapes) {
    public static final int HIDDEN = TinyGgufWriter.HIDDEN;
    public static final int HEADS = TinyGgufWriter.HEADS;
    public static final int KV_HEADS = TinyGgufWriter.KV_HEADS;
    public static final int FFN = TinyGgufWriter.FFN;
    public static final int LAYERS = TinyGgufWriter.LAYERS;
    public static final int HEAD_DIM = HIDDEN / HEADS;

    /** Gaussian weights of standard deviation {@code std}; norm weights near 1. */
    public static TinyLlamaWeights random(long seed, int vocab, double std) {
        Random random = new Random(seed);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int kv = HEAD_DIM * KV_HEADS;
        add(tensors, shapes, random, "model.embed_tokens.weight", std, false, vocab, HIDDEN);
        for (int layer = 0; layer < LAYERS; layer++) {
            String p = "model.layers." + layer + ".";
            add(tensors, shapes, random, p + "input_layernorm.weight", std, true, HIDDEN);
            add(tensors, shapes, random, p + "self_attn.q_proj.weight", std, false, HIDDEN, HIDDEN);
            add(tensors, shapes, random, p + "self_attn.k_proj.weight", std, false, kv, HIDDEN);
            add(tensors, shapes, random, p + "self_attn.v_proj.weight", std, false, kv, HIDDEN);
            add(tensors, shapes, random, p + "self_attn.o_proj.weight", std, false, HIDDEN, HIDDEN);
            add(tensors, shapes, random, p + "post_attention_layernorm.weight", std, true, HIDDEN);
            add(tensors, shapes, random, p + "mlp.gate_proj.weight", std, false, FFN, HIDDEN);
            add(tensors, shapes, random, p + "mlp.up_proj.weight", std, false, FFN, HIDDEN);
            add(tensors, shapes, random, p + "mlp.down_proj.weight", std, false, HIDDEN, FFN);
        }
        add(tensors, shapes, random, "model.norm.weight", std, true, HIDDEN);
        return new TinyLlamaWeights(tensors, shapes);
    }

    /** Adds Qwen2's q/k/v biases (random), for a Qwen2 variant of the same model. */
    public TinyLlamaWeights withAttentionBiases(long seed, double std) {
        Random random = new Random(seed);
        Map<String, float[]> more = new LinkedHashMap<>(tensors);
        Map<String, long[]> moreShapes = new LinkedHashMap<>(shapes);
        int kv = HEAD_DIM * KV_HEADS;
        for (int layer = 0; layer < LAYERS; layer++) {
            String p = "model.layers." + layer + ".self_attn.";
            add(more, moreShapes, random, p + "q_proj.bias", std, false, HIDDEN);
            add(more, moreShapes, random, p + "k_proj.bias", std, false, kv);
            add(more, moreShapes, random, p + "v_proj.bias", std, false, kv);
        }
        return new TinyLlamaWeights(more, moreShapes);
    }

    /** Adds Gemma-2's norms around the MLP (random, near 1 like the others), for a Gemma-2 variant. */
    public TinyLlamaWeights withGemma2Norms(long seed) {
        Random random = new Random(seed);
        Map<String, float[]> more = new LinkedHashMap<>(tensors);
        Map<String, long[]> moreShapes = new LinkedHashMap<>(shapes);
        for (int layer = 0; layer < LAYERS; layer++) {
            String p = "model.layers." + layer + ".";
            add(more, moreShapes, random, p + "pre_feedforward_layernorm.weight", 0, true, HIDDEN);
            add(more, moreShapes, random, p + "post_feedforward_layernorm.weight", 0, true, HIDDEN);
        }
        return new TinyLlamaWeights(more, moreShapes);
    }

    public int vocab() {
        return (int) shapes.get("model.embed_tokens.weight")[0];
    }

    private static void add(Map<String, float[]> tensors, Map<String, long[]> shapes, Random random, String name,
            double std, boolean norm, long... shape) {
        long n = 1;
        for (long dim : shape) {
            n *= dim;
        }
        float[] data = new float[(int) n];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (norm ? 1 + random.nextGaussian() * 0.1 : random.nextGaussian() * std);
        }
        tensors.put(name, data);
        shapes.put(name, shape);
    }
}
