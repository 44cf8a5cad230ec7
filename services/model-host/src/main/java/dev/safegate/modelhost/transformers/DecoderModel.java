package dev.safegate.modelhost.transformers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Arrays;
import java.util.List;

/**
 * The forward pass of a Llama-family decoder (Llama, Mistral, Qwen2; Gemma-2 with {@link Gemma2Features}) on DJL's
 * PyTorch engine, as transformers' {@code LlamaForCausalLM} defines it: RMSNorm, rotary embeddings (rotate-half),
 * grouped-query attention, SwiGLU.
 * One call runs any mix of sequences, each with any number of new tokens (a prompt, or one token while decoding):
 * the projections and the MLP run on all rows at once (the batching); attention reads a static KV cache, for all
 * sequences at once when each brings one token (decoding), per sequence when prompts are read. The residual stream can be read (capture, logit lens) and changed (steering) after any block.
 * Computation is in F32. Called from one thread at a time.
 */
public final class DecoderModel implements AutoCloseable {
    private final HfConfig config;
    private final NDManager manager;
    private final NDArray embeddings;
    private final NDArray head;
    private final NDArray finalNorm;
    private final List<Block> blocks;
    private final NDArray cos;
    private final NDArray sin;
    private final float scale;
    /** Per block: keys and values of every cache row, [maxBatch, kvHeads, context, headDim]. */
    private final NDArray[] keys;
    private final NDArray[] values;
    private final Deque<Integer> freeRows = new ArrayDeque<>();

    /**
     * @param attentionOutputNorm Gemma-2's norm of the attention output, or null
     * @param mlpNorm the norm before the MLP (Llama's post_attention_layernorm, Gemma-2's pre_feedforward_layernorm)
     * @param mlpOutputNorm Gemma-2's norm of the MLP output, or null
     */
    private record Block(NDArray inputNorm, Linear q, Linear k, Linear v, Linear o, NDArray attentionOutputNorm,
            NDArray mlpNorm, Linear gate, Linear up, Linear down, NDArray mlpOutputNorm) {
    }

    /** A linear layer: weight stored transposed ([in, out]) so that rows multiply it directly. */
    private record Linear(NDArray weightT, NDArray bias) {
        NDArray apply(NDArray x) {
            NDArray y = x.matMul(weightT);
            return bias == null ? y : y.add(bias);
        }
    }

    /** What one sequence brings to a forward call and wants out of it. */
    public interface Slot {
        KvCache cache();

        /** The new tokens; their positions follow the cached ones. */
        long[] tokens();

        /** 1..layers: the block whose output is decoded (the logit lens); layers for the whole model. */
        int exitLayer();

        /** The block after which the steering vector is added, or -1. */
        int steeringLayer();

        /** strength x vector, [hidden], or null. */
        float[] steering();

        /** Blocks (0 = embeddings) whose output at the last new token is captured. */
        int[] captureLayers();

        /** How many of the last new tokens need logits: 1 when decoding, more when scoring a continuation. */
        int logitRows();
    }

    /** The result for one slot: logits [rows][vocab] and the captured residuals [captureLayers][hidden]. */
    public record Output(float[][] logits, float[][] captured) {
    }

    /**
     * A sequence's place in the model's key/value cache: one row of the per-block [maxBatch, kvHeads, context,
     * headDim] tensors (a static cache, as transformers' StaticCache), and how many positions it holds.
     */
    public final class KvCache implements AutoCloseable {
        private final int row;
        private int length;
        private boolean closed;

        private KvCache(int row) {
            this.row = row;
        }

        public int length() {
            return length;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                freeRows.push(row);
            }
        }
    }

    /**
     * @param maxPositions the context: positions per sequence
     * @param maxBatch sequences that can hold a cache at once
     */
    public DecoderModel(HfConfig config, Safetensors weights, NDManager manager, int maxPositions, int maxBatch)
            throws IOException {
        this.config = config;
        this.manager = manager;
        long hidden = config.hiddenSize();
        long qOut = (long) config.heads() * config.headDim();
        long kvOut = (long) config.kvHeads() * config.headDim();
        long ffn = config.intermediateSize();
        this.embeddings = tensor(weights, "model.embed_tokens.weight", config.vocabSize(), hidden);
        this.head = config.tiedEmbeddings() ? embeddings.transpose()
                : tensor(weights, "lm_head.weight", config.vocabSize(), hidden).transpose();
        this.finalNorm = norm(weights, "model.norm.weight");
        List<Block> loaded = new ArrayList<>();
        for (int i = 0; i < config.layers(); i++) {
            String p = "model.layers." + i + ".";
            boolean gemma2 = config.gemma2() != null;
            loaded.add(new Block(
                    norm(weights, p + "input_layernorm.weight"),
                    linear(weights, p + "self_attn.q_proj", qOut, hidden, config.attentionBias()),
                    linear(weights, p + "self_attn.k_proj", kvOut, hidden, config.attentionBias()),
                    linear(weights, p + "self_attn.v_proj", kvOut, hidden, config.attentionBias()),
                    linear(weights, p + "self_attn.o_proj", hidden, qOut, false),
                    gemma2 ? norm(weights, p + "post_attention_layernorm.weight") : null,
                    norm(weights, p + (gemma2 ? "pre_feedforward_layernorm.weight" : "post_attention_layernorm.weight")),
                    linear(weights, p + "mlp.gate_proj", ffn, hidden, false),
                    linear(weights, p + "mlp.up_proj", ffn, hidden, false),
                    linear(weights, p + "mlp.down_proj", hidden, ffn, false),
                    gemma2 ? norm(weights, p + "post_feedforward_layernorm.weight") : null));
        }
        this.blocks = List.copyOf(loaded);
        this.scale = (float) (1 / Math.sqrt(config.gemma2() != null ? config.gemma2().queryPreAttentionScalar()
                : config.headDim()));
        // Rotary tables [positions, headDim]: frequency i for dimensions i and i + headDim/2 (rotate-half layout).
        int half = config.headDim() / 2;
        float[] cosTable = new float[maxPositions * config.headDim()];
        float[] sinTable = new float[cosTable.length];
        for (int pos = 0; pos < maxPositions; pos++) {
            for (int i = 0; i < half; i++) {
                double angle = pos * config.inverseFrequency(i);
                int at = pos * config.headDim() + i;
                cosTable[at] = cosTable[at + half] = (float) Math.cos(angle);
                sinTable[at] = sinTable[at + half] = (float) Math.sin(angle);
            }
        }
        this.cos = manager.create(cosTable, new Shape(maxPositions, config.headDim()));
        Shape cacheShape = new Shape(maxBatch, config.kvHeads(), maxPositions, config.headDim());
        this.keys = new NDArray[config.layers()];
        this.values = new NDArray[config.layers()];
        for (int i = 0; i < config.layers(); i++) {
            keys[i] = manager.zeros(cacheShape);
            values[i] = manager.zeros(cacheShape);
        }
        for (int row = maxBatch - 1; row >= 0; row--) {
            freeRows.push(row);
        }
        this.sin = manager.create(sinTable, new Shape(maxPositions, config.headDim()));
    }

    public HfConfig config() {
        return config;
    }

    /** A free cache row; the caller (the decode loop) never holds more than maxBatch at once. */
    public KvCache newCache() {
        return new KvCache(freeRows.pop());
    }

    /** Runs the slots' new tokens through the model, extending their caches. */
    public List<Output> forward(List<? extends Slot> slots) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            int rows = slots.stream().mapToInt(s -> s.tokens().length).sum();
            long[] ids = new long[rows];
            long[] positions = new long[rows];
            int[] offsets = new int[slots.size() + 1];
            for (int s = 0, row = 0; s < slots.size(); s++) {
                Slot slot = slots.get(s);
                offsets[s] = row;
                for (int t = 0; t < slot.tokens().length; t++, row++) {
                    ids[row] = slot.tokens()[t];
                    positions[row] = slot.cache().length + t;
                }
            }
            offsets[slots.size()] = rows;
            NDArray x = embeddings.get(manager.create(ids));
            if (config.gemma2() != null) {
                x = x.mul((float) Math.sqrt(config.hiddenSize()));
            }
            NDArray rowCos = cos.get(manager.create(positions)).expandDims(1);
            NDArray rowSin = sin.get(manager.create(positions)).expandDims(1);
            float[][][] captured = new float[slots.size()][][];
            NDArray[] exits = new NDArray[slots.size()];
            for (int s = 0; s < slots.size(); s++) {
                captured[s] = new float[slots.get(s).captureLayers().length][];
            }
            x = afterBlock(0, x, slots, offsets, captured, exits);
            for (int layer = 1; layer <= blocks.size(); layer++) {
                x = block(blocks.get(layer - 1), layer - 1, x, rowCos, rowSin, slots, offsets);
                x = afterBlock(layer, x, slots, offsets, captured, exits);
            }
            for (Slot slot : slots) {
                slot.cache().length += slot.tokens().length;
            }
            NDArray logits = softcap(rmsNorm(NDArrays.concat(new NDList(exits)), finalNorm).matMul(head),
                    config.gemma2() == null ? 0 : config.gemma2().finalSoftcap());
            float[] flat = logits.toFloatArray();
            List<Output> outputs = new ArrayList<>();
            int vocab = config.vocabSize();
            for (int s = 0, row = 0; s < slots.size(); s++) {
                int n = (int) exits[s].getShape().get(0);
                float[][] slotLogits = new float[n][];
                for (int r = 0; r < n; r++, row++) {
                    slotLogits[r] = Arrays.copyOfRange(flat, row * vocab, (row + 1) * vocab);
                }
                outputs.add(new Output(slotLogits, captured[s]));
            }
            return outputs;
        }
    }

    /** Steering, capture and the logit-lens exit on the residual stream after block {@code layer} (0 = embeddings). */
    private NDArray afterBlock(int layer, NDArray x, List<? extends Slot> slots, int[] offsets, float[][][] captured,
            NDArray[] exits) {
        float[] steer = null;
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            if (slot.steeringLayer() == layer && slot.steering() != null) {
                steer = steer == null ? new float[offsets[slots.size()] * config.hiddenSize()] : steer;
                for (int row = offsets[s]; row < offsets[s + 1]; row++) {
                    System.arraycopy(slot.steering(), 0, steer, row * config.hiddenSize(), config.hiddenSize());
                }
            }
        }
        if (steer != null) {
            x = x.add(manager.create(steer, x.getShape()));
        }
        for (int s = 0; s < slots.size(); s++) {
            Slot slot = slots.get(s);
            int[] capture = slot.captureLayers();
            for (int c = 0; c < capture.length; c++) {
                if (capture[c] == layer) {
                    captured[s][c] = x.get(offsets[s + 1] - 1).toFloatArray();
                }
            }
            if (slot.exitLayer() == layer) {
                exits[s] = x.get((offsets[s + 1] - slot.logitRows()) + ":" + offsets[s + 1]);
            }
        }
        return x;
    }

    private NDArray block(Block block, int index, NDArray x, NDArray rowCos, NDArray rowSin,
            List<? extends Slot> slots, int[] offsets) {
        int d = config.headDim();
        long rows = x.getShape().get(0);
        NDArray h = rmsNorm(x, block.inputNorm);
        NDArray q = rope(block.q.apply(h).reshape(rows, config.heads(), d), rowCos, rowSin);
        NDArray k = rope(block.k.apply(h).reshape(rows, config.kvHeads(), d), rowCos, rowSin);
        NDArray v = block.v.apply(h).reshape(rows, config.kvHeads(), d);
        for (int s = 0; s < slots.size(); s++) {
            String span = offsets[s] + ":" + offsets[s + 1];
            store(slots.get(s).cache(), index, k.get(span), v.get(span));
        }
        NDArray attended;
        if (rows == slots.size()) {
            attended = decodeAttention(slots, index, q);
        } else {
            NDList perSequence = new NDList();
            for (int s = 0; s < slots.size(); s++) {
                perSequence.add(attention(slots.get(s).cache(), index, q.get(offsets[s] + ":" + offsets[s + 1])));
            }
            attended = NDArrays.concat(perSequence);
        }
        NDArray out = block.o.apply(attended);
        x = x.add(block.attentionOutputNorm == null ? out : rmsNorm(out, block.attentionOutputNorm));
        h = rmsNorm(x, block.mlpNorm);
        NDArray gate = block.gate.apply(h);
        NDArray activated = config.gemma2() != null ? geluTanh(gate) : Activation.sigmoid(gate).mul(gate);
        out = block.down.apply(activated.mul(block.up.apply(h)));
        return x.add(block.mlpOutputNorm == null ? out : rmsNorm(out, block.mlpOutputNorm));
    }

    /** Writes a sequence's new keys and values, [t, kvHeads, d], into its cache row after its cached positions. */
    private void store(KvCache cache, int index, NDArray k, NDArray v) {
        long t = k.getShape().get(0);
        NDIndex at = new NDIndex("{}, :, {}:{}", cache.row, cache.length, cache.length + t);
        keys[index].set(at, k.transpose(1, 0, 2));
        values[index].set(at, v.transpose(1, 0, 2));
    }

    /** One sequence's attention over its cache (new tokens stored): q [t, heads, d]; returns [t, heads*d]. */
    private NDArray attention(KvCache cache, int index, NDArray q) {
        long t = q.getShape().get(0);
        int d = config.headDim();
        int group = config.heads() / config.kvHeads();
        long total = cache.length + t;
        NDIndex span = new NDIndex("{}, :, :{}", cache.row, total);
        NDArray cachedKeys = keys[index].get(span);
        NDArray cachedValues = values[index].get(span);
        // Query head h reads key/value head h / group (transformers' repeat_kv), so group the query heads.
        NDArray grouped = q.transpose(1, 0, 2).reshape(config.kvHeads(), group * t, d);
        NDArray scores = attentionSoftcap(grouped.matMul(cachedKeys.transpose(0, 2, 1)).mul(scale))
                .reshape(config.kvHeads(), group, t, total);
        if (t > 1) {
            scores = scores.add(causalMask(t, total));
        }
        NDArray weights = scores.softmax(-1).reshape(config.kvHeads(), group * t, total);
        return weights.matMul(cachedValues).reshape(config.heads(), t, d).transpose(1, 0, 2)
                .reshape(t, (long) config.heads() * d);
    }

    /**
     * Attention of one new token per sequence, all sequences at once: their cache rows are gathered up to the
     * longest one and the positions past each sequence's own length are masked. q [b, heads, d]; returns [b, heads*d].
     */
    private NDArray decodeAttention(List<? extends Slot> slots, int index, NDArray q) {
        int b = slots.size();
        int d = config.headDim();
        int group = config.heads() / config.kvHeads();
        long[] rows = new long[b];
        long longest = 0;
        for (int s = 0; s < b; s++) {
            rows[s] = slots.get(s).cache().row;
            longest = Math.max(longest, slots.get(s).cache().length + 1);
        }
        float[] mask = new float[(int) (b * longest)];
        for (int s = 0; s < b; s++) {
            Arrays.fill(mask, (int) (s * longest + slots.get(s).cache().length + 1), (int) ((s + 1) * longest),
                    Float.NEGATIVE_INFINITY);
        }
        NDArray rowIndex = manager.create(rows);
        NDIndex upToLongest = new NDIndex(":, :, :{}", longest);
        NDArray cachedKeys = keys[index].get(upToLongest).get(rowIndex);
        NDArray cachedValues = values[index].get(upToLongest).get(rowIndex);
        NDArray scores = attentionSoftcap(q.reshape(b, config.kvHeads(), group, d)
                .matMul(cachedKeys.transpose(0, 1, 3, 2)).mul(scale))
                .add(manager.create(mask, new Shape(b, 1, 1, longest)));
        return scores.softmax(-1).matMul(cachedValues).reshape(b, (long) config.heads() * d);
    }

    /** [t, total]: query i (at position total - t + i) sees keys up to its own position. */
    private NDArray causalMask(long t, long total) {
        float[] mask = new float[(int) (t * total)];
        long past = total - t;
        for (int i = 0; i < t; i++) {
            for (long j = past + i + 1; j < total; j++) {
                mask[(int) (i * total + j)] = Float.NEGATIVE_INFINITY;
            }
        }
        return manager.create(mask, new Shape(t, total));
    }

    /** transformers' apply_rotary_pos_emb: x * cos + rotate_half(x) * sin, x [rows, heads, d]. */
    private NDArray rope(NDArray x, NDArray rowCos, NDArray rowSin) {
        int half = config.headDim() / 2;
        NDArray rotated = x.get(":, :, " + half + ":").neg().concat(x.get(":, :, :" + half), -1);
        return x.mul(rowCos).add(rotated.mul(rowSin));
    }

    private NDArray attentionSoftcap(NDArray scores) {
        return softcap(scores, config.gemma2() == null ? 0 : config.gemma2().attentionSoftcap());
    }

    /** Gemma-2's soft-capping: cap * tanh(x / cap); 0 = none. */
    private static NDArray softcap(NDArray x, double cap) {
        return cap == 0 ? x : x.div((float) cap).tanh().mul((float) cap);
    }

    /** gelu_pytorch_tanh: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). */
    private static NDArray geluTanh(NDArray x) {
        NDArray inner = x.add(x.pow(3).mul(0.044715f)).mul((float) Math.sqrt(2 / Math.PI));
        return x.mul(inner.tanh().add(1)).mul(0.5f);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add(config.rmsNormEps()).sqrt()).mul(weight);
    }

    /** A norm's weight as it multiplies: Gemma-2 stores w and multiplies by (1 + w). */
    private NDArray norm(Safetensors weights, String name) throws IOException {
        NDArray weight = tensor(weights, name, config.hiddenSize());
        if (config.gemma2() == null) {
            return weight;
        }
        try (weight) {
            return weight.add(1);
        }
    }

    private Linear linear(Safetensors weights, String name, long out, long in, boolean bias) throws IOException {
        return new Linear(tensor(weights, name + ".weight", out, in).transpose(),
                bias ? tensor(weights, name + ".bias", out) : null);
    }

    private NDArray tensor(Safetensors weights, String name, long... shape) throws IOException {
        Safetensors.Tensor tensor = weights.read(name, shape);
        return manager.create(tensor.data(), new Shape(shape));
    }

    @Override
    public void close() {
        manager.close();
    }
}
