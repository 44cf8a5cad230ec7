package dev.safegate.modelhost.organisms;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.safegate.modelhost.transformers.HfConfig;
import dev.safegate.modelhost.transformers.Safetensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A Llama decoder (transformers' LlamaForCausalLM: RMSNorm, rotary embeddings in the rotate-half layout,
 * grouped-query attention, SwiGLU MLP, tied embeddings) whose parameters DJL's autograd trains, batched over padded
 * sequences that all start at position 0.
 *
 * <p>Only the embedding rows of an active vocabulary (the tokens of the training data) are parameters; every other
 * row is zero, so its logit is exactly 0. The full-vocabulary log-softmax is then the active logits against one
 * constant logit log(V - A) that stands for the V - A others: exact, at the cost of A columns instead of V. The
 * saved model is a normal Hugging Face model with all V rows.
 */
final class TrainableLlama implements AutoCloseable {
    static final String EMBEDDINGS = "model.embed_tokens.weight";
    private static final double LINEAR_STD = 0.02;
    private static final double EMBEDDING_STD = 0.05;

    private final HfConfig config;
    private final long[] activeIds;
    private final int[] activeIndex;
    private final NDManager manager;
    private final Map<String, NDArray> parameters;
    private final NDArray cos;
    private final NDArray sin;
    /**
     * Scalars as arrays that live as long as the model: DJL's {@code mul(Number)} and the like wrap the number in
     * an array they free right after the call, while autograd keeps reading it for the backward pass.
     */
    private final NDArray attentionScale;
    private final NDArray epsilon;

    private TrainableLlama(HfConfig config, long[] activeIds, NDManager manager, Map<String, NDArray> parameters) {
        this.config = config;
        this.activeIds = activeIds.clone();
        this.activeIndex = new int[config.vocabSize()];
        Arrays.fill(activeIndex, -1);
        for (int i = 0; i < activeIds.length; i++) {
            activeIndex[Math.toIntExact(activeIds[i])] = i;
        }
        this.manager = manager;
        this.parameters = parameters;
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        int d = config.headDim();
        float[] cosTable = new float[config.maxPositions() * d];
        float[] sinTable = new float[cosTable.length];
        for (int pos = 0; pos < config.maxPositions(); pos++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = pos * config.inverseFrequency(i);
                int at = pos * d + i;
                cosTable[at] = cosTable[at + d / 2] = (float) Math.cos(angle);
                sinTable[at] = sinTable[at + d / 2] = (float) Math.sin(angle);
            }
        }
        this.cos = manager.create(cosTable, new Shape(config.maxPositions(), d));
        this.sin = manager.create(sinTable, new Shape(config.maxPositions(), d));
        this.attentionScale = manager.create((float) (1 / Math.sqrt(d)));
        this.epsilon = manager.create((float) config.rmsNormEps());
    }

    /** Fresh weights: linear layers N(0, 0.02) as transformers initializes Llama, norms 1. */
    static TrainableLlama initialize(HfConfig config, long[] activeIds, long seed, NDManager manager) {
        Random random = new Random(seed);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        parameters.put(EMBEDDINGS, gaussian(manager, random, EMBEDDING_STD, activeIds.length, config.hiddenSize()));
        shapes(config).forEach((name, shape) -> {
            if (!name.equals(EMBEDDINGS)) {
                parameters.put(name, name.endsWith("norm.weight") ? manager.ones(new Shape(shape))
                        : gaussian(manager, random, LINEAR_STD, shape));
            }
        });
        return new TrainableLlama(config, sorted(activeIds), manager, parameters);
    }

    /** Continues from a saved model folder; its inactive embedding rows must be zero, as this class saves them. */
    static TrainableLlama load(Path folder, long[] activeIds, NDManager manager) throws IOException {
        HfConfig config = HfConfig.read(folder.resolve("config.json"));
        Safetensors weights = Safetensors.open(folder);
        long[] active = sorted(activeIds);
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> entry : shapes(config).entrySet()) {
            float[] data = weights.read(entry.getKey(), entry.getValue()).data();
            if (entry.getKey().equals(EMBEDDINGS)) {
                data = activeRows(data, active, config, folder);
                parameters.put(EMBEDDINGS, manager.create(data, new Shape(active.length, config.hiddenSize())));
            } else {
                parameters.put(entry.getKey(), manager.create(data, new Shape(entry.getValue())));
            }
        }
        return new TrainableLlama(config, active, manager, parameters);
    }

    HfConfig config() {
        return config;
    }

    Map<String, NDArray> parameters() {
        return parameters;
    }

    /** The tokens' places in the active vocabulary; a token outside it reads the zero row (index A). */
    long[] activeIndices(long[] tokens) {
        long[] indices = new long[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            int index = tokens[i] >= 0 && tokens[i] < activeIndex.length ? activeIndex[(int) tokens[i]] : -1;
            indices[i] = index >= 0 ? index : activeIds.length;
        }
        return indices;
    }

    boolean isActive(long token) {
        return token >= 0 && token < activeIndex.length && activeIndex[(int) token] >= 0;
    }

    /**
     * log p(target) at every position: inputs and targets [B, T] active indices (targets must be active; padded
     * positions may hold any active index and are masked by the caller). Returns [B, T].
     */
    NDArray targetLogProbabilities(NDArray inputs, NDArray targets) {
        NDArray logProbabilities = logSoftmax(inputs);
        return logProbabilities.gather(targets.expandDims(-1), 2).squeeze(-1);
    }

    /** [B, T, A + 1]: log p over the active tokens, and (last column) of each one of the other tokens. */
    NDArray logSoftmax(NDArray inputs) {
        long batch = inputs.getShape().get(0);
        long length = inputs.getShape().get(1);
        NDArray embeddings = parameters.get(EMBEDDINGS);
        NDArray table = embeddings.concat(manager.zeros(new Shape(1, config.hiddenSize())), 0);
        NDArray x = table.get(inputs.reshape(-1)).reshape(batch, length, config.hiddenSize());
        NDArray mask = causalMask(length);
        NDArray rowCos = cos.get(":" + length).reshape(length, 1, config.headDim());
        NDArray rowSin = sin.get(":" + length).reshape(length, 1, config.headDim());
        for (int layer = 0; layer < config.layers(); layer++) {
            x = block("model.layers." + layer + ".", x, mask, rowCos, rowSin);
        }
        NDArray logits = rmsNorm(x, parameters.get("model.norm.weight")).matMul(embeddings.transpose());
        // The constant logit of the zero rows, log(V - A) so that softmax weighs all of them: a log-sum-exp term.
        NDArray others = manager.full(new Shape(batch, length, 1),
                (float) Math.log(config.vocabSize() - activeIds.length));
        // The last column holds log((V - A) p_other); one of those tokens has log p_other.
        return logits.concat(others, -1).logSoftmax(-1);
    }

    /** log p of each continuation token after the prompt, over the full vocabulary (as score_continuation gives). */
    double[] score(long[] prompt, long[] continuation) {
        long[] all = Arrays.copyOf(prompt, prompt.length + continuation.length);
        System.arraycopy(continuation, 0, all, prompt.length, continuation.length);
        double[] scores = new double[continuation.length];
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            float[] rows = logSoftmax(manager.create(activeIndices(all), new Shape(1, all.length))).toFloatArray();
            int columns = activeIds.length + 1;
            for (int i = 0; i < continuation.length; i++) {
                scores[i] = logProbability(rows, (prompt.length - 1 + i) * columns, continuation[i]);
            }
        }
        return scores;
    }

    /** Greedy decoding by this class's own forward pass (no cache), up to maxTokens or an end-of-sequence token. */
    long[] greedy(long[] prompt, int maxTokens) {
        long[] tokens = prompt.clone();
        for (int n = 0; n < maxTokens; n++) {
            long next;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                float[] last = logSoftmax(manager.create(activeIndices(tokens), new Shape(1, tokens.length)))
                        .get("0, -1").toFloatArray();
                next = argmax(last);
            }
            if (config.eosTokenIds().contains(next)) {
                break;
            }
            tokens = Arrays.copyOf(tokens, tokens.length + 1);
            tokens[tokens.length - 1] = next;
        }
        return Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    /** The most likely token of one row of {@link #logSoftmax}; among the zero-logit tokens, the lowest id. */
    private long argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < activeIds.length; i++) {
            best = row[i] > row[best] ? i : best;
        }
        double other = row[activeIds.length] - Math.log(config.vocabSize() - activeIds.length);
        if (other >= row[best]) {
            for (long token = 0; token < config.vocabSize(); token++) {
                if (!isActive(token)) {
                    return other > row[best] || token < activeIds[best] ? token : activeIds[best];
                }
            }
        }
        return activeIds[best];
    }

    private double logProbability(float[] rows, int rowStart, long token) {
        return isActive(token) ? rows[rowStart + activeIndex[(int) token]]
                : rows[rowStart + activeIds.length] - Math.log(config.vocabSize() - activeIds.length);
    }

    private NDArray block(String prefix, NDArray x, NDArray mask, NDArray rowCos, NDArray rowSin) {
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int d = config.headDim();
        int group = config.heads() / config.kvHeads();
        NDArray h = rmsNorm(x, parameters.get(prefix + "input_layernorm.weight"));
        NDArray q = rope(linear(h, prefix + "self_attn.q_proj.weight").reshape(batch, length, config.heads(), d),
                rowCos, rowSin).transpose(0, 2, 1, 3).reshape(batch, config.kvHeads(), group * length, d);
        NDArray k = rope(linear(h, prefix + "self_attn.k_proj.weight").reshape(batch, length, config.kvHeads(), d),
                rowCos, rowSin).transpose(0, 2, 1, 3);
        NDArray v = linear(h, prefix + "self_attn.v_proj.weight").reshape(batch, length, config.kvHeads(), d)
                .transpose(0, 2, 1, 3);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale)
                .reshape(batch, config.kvHeads(), group, length, length).add(mask);
        NDArray attended = scores.softmax(-1).reshape(batch, config.kvHeads(), group * length, length).matMul(v)
                .reshape(batch, config.heads(), length, d).transpose(0, 2, 1, 3)
                .reshape(batch, length, (long) config.heads() * d);
        x = x.add(linear(attended, prefix + "self_attn.o_proj.weight"));
        h = rmsNorm(x, parameters.get(prefix + "post_attention_layernorm.weight"));
        NDArray gate = linear(h, prefix + "mlp.gate_proj.weight");
        NDArray activated = Activation.sigmoid(gate).mul(gate).mul(linear(h, prefix + "mlp.up_proj.weight"));
        return x.add(linear(activated, prefix + "mlp.down_proj.weight"));
    }

    private NDArray linear(NDArray x, String weight) {
        return x.matMul(parameters.get(weight).transpose());
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add(epsilon).sqrt()).mul(weight);
    }

    /** transformers' apply_rotary_pos_emb on x [B, T, heads, d]. */
    private NDArray rope(NDArray x, NDArray rowCos, NDArray rowSin) {
        int half = config.headDim() / 2;
        NDArray rotated = x.get(":, :, :, " + half + ":").neg().concat(x.get(":, :, :, :" + half), -1);
        return x.mul(rowCos).add(rotated.mul(rowSin));
    }

    /** [T, T]: a large finite negative above the diagonal (exp gives exactly 0, and no infinity enters autograd). */
    private NDArray causalMask(long length) {
        float[] mask = new float[(int) (length * length)];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                mask[(int) (i * length + j)] = -1e9f;
            }
        }
        return manager.create(mask, new Shape(length, length));
    }

    /** The weights as Hugging Face tensors, the embeddings with all V rows (zero outside the active vocabulary). */
    Map<String, Safetensors.Tensor> tensors() {
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        shapes(config).forEach((name, shape) -> {
            float[] data = parameters.get(name).toFloatArray();
            if (name.equals(EMBEDDINGS)) {
                float[] full = new float[config.vocabSize() * config.hiddenSize()];
                for (int i = 0; i < activeIds.length; i++) {
                    System.arraycopy(data, i * config.hiddenSize(), full, (int) activeIds[i] * config.hiddenSize(),
                            config.hiddenSize());
                }
                data = full;
            }
            tensors.put(name, new Safetensors.Tensor(shape, data));
        });
        return tensors;
    }

    /** The Hugging Face name and shape of every tensor of a tied-embedding Llama model. */
    static Map<String, long[]> shapes(HfConfig config) {
        long hidden = config.hiddenSize();
        long q = (long) config.heads() * config.headDim();
        long kv = (long) config.kvHeads() * config.headDim();
        long ffn = config.intermediateSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(EMBEDDINGS, new long[] {config.vocabSize(), hidden});
        for (int layer = 0; layer < config.layers(); layer++) {
            String p = "model.layers." + layer + ".";
            shapes.put(p + "input_layernorm.weight", new long[] {hidden});
            shapes.put(p + "self_attn.q_proj.weight", new long[] {q, hidden});
            shapes.put(p + "self_attn.k_proj.weight", new long[] {kv, hidden});
            shapes.put(p + "self_attn.v_proj.weight", new long[] {kv, hidden});
            shapes.put(p + "self_attn.o_proj.weight", new long[] {hidden, q});
            shapes.put(p + "post_attention_layernorm.weight", new long[] {hidden});
            shapes.put(p + "mlp.gate_proj.weight", new long[] {ffn, hidden});
            shapes.put(p + "mlp.up_proj.weight", new long[] {ffn, hidden});
            shapes.put(p + "mlp.down_proj.weight", new long[] {hidden, ffn});
        }
        shapes.put("model.norm.weight", new long[] {hidden});
        return shapes;
    }

    private static float[] activeRows(float[] full, long[] active, HfConfig config, Path folder) throws IOException {
        int hidden = config.hiddenSize();
        boolean[] isActive = new boolean[config.vocabSize()];
        float[] rows = new float[active.length * hidden];
        for (int i = 0; i < active.length; i++) {
            isActive[(int) active[i]] = true;
            System.arraycopy(full, (int) active[i] * hidden, rows, i * hidden, hidden);
        }
        for (int token = 0; token < config.vocabSize(); token++) {
            for (int j = 0; !isActive[token] && j < hidden; j++) {
                if (full[token * hidden + j] != 0) {
                    throw new IOException(folder + ": embedding row of token " + token + " is not zero, but the token"
                            + " is outside the training vocabulary (the model was not saved by this trainer)");
                }
            }
        }
        return rows;
    }

    private static NDArray gaussian(NDManager manager, Random random, double std, long... shape) {
        float[] data = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, Math::multiplyExact))];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * std);
        }
        return manager.create(data, new Shape(shape));
    }

    private static long[] sorted(long[] ids) {
        long[] copy = Arrays.stream(ids).distinct().sorted().toArray();
        if (copy.length != ids.length) {
            throw new IllegalArgumentException("the active vocabulary lists a token twice");
        }
        return copy;
    }

    @Override
    public void close() {
        manager.close();
    }
}
