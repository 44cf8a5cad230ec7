package dev.safegate.modelhost.transformers;

import dev.safegate.modelhost.gguf.TinyLlamaWeights;

/**
 * An independent reference of the tiny model: transformers' LlamaForCausalLM / Qwen2ForCausalLM forward pass
 * written out in plain double-precision Java, no cache, the whole sequence each time. It defines what the
 * contract's numbers mean: the residual stream after block L (0 = embeddings), steering added there, and the
 * logit lens (final norm and tied head applied to that residual).
 */
final class ReferenceLlama {
    private static final int H = TinyLlamaWeights.HIDDEN;
    private static final int HEADS = TinyLlamaWeights.HEADS;
    private static final int KV = TinyLlamaWeights.KV_HEADS;
    private static final int D = TinyLlamaWeights.HEAD_DIM;
    private static final int FFN = TinyLlamaWeights.FFN;

    private final TinyLlamaWeights weights;
    private final int vocab;
    private final Gemma2 gemma2;

    /** Gemma-2's changes (transformers' modeling_gemma2): see {@link #residuals} and {@link #logits}. */
    record Gemma2(double queryPreAttentionScalar, double attentionSoftcap, double finalSoftcap) {
    }

    ReferenceLlama(TinyLlamaWeights weights) {
        this(weights, null);
    }

    ReferenceLlama(TinyLlamaWeights weights, Gemma2 gemma2) {
        this.weights = weights;
        this.vocab = weights.vocab();
        this.gemma2 = gemma2;
    }

    /**
     * The residual stream of every position after each block: [layer 0..L][position][hidden], with
     * {@code steering} (already scaled, or null) added after block {@code steeringLayer}.
     */
    double[][][] residuals(long[] tokens, int steeringLayer, float[] steering) {
        int n = tokens.length;
        double[][][] out = new double[TinyLlamaWeights.LAYERS + 1][][];
        double[][] x = new double[n][H];
        float[] embed = w("model.embed_tokens.weight");
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < H; i++) {
                x[t][i] = embed[(int) tokens[t] * H + i] * (gemma2 == null ? 1 : Math.sqrt(H));
            }
        }
        x = steer(x, 0, steeringLayer, steering);
        out[0] = copy(x);
        for (int layer = 0; layer < TinyLlamaWeights.LAYERS; layer++) {
            String p = "model.layers." + layer + ".";
            double[][] h = new double[n][];
            for (int t = 0; t < n; t++) {
                h[t] = rmsNorm(x[t], w(p + "input_layernorm.weight"));
            }
            double[][] q = new double[n][];
            double[][] k = new double[n][];
            double[][] v = new double[n][];
            for (int t = 0; t < n; t++) {
                q[t] = rope(linear(h[t], p + "self_attn.q_proj", H, H), HEADS, t);
                k[t] = rope(linear(h[t], p + "self_attn.k_proj", KV * D, H), KV, t);
                v[t] = linear(h[t], p + "self_attn.v_proj", KV * D, H);
            }
            for (int t = 0; t < n; t++) {
                double[] attended = new double[H];
                for (int head = 0; head < HEADS; head++) {
                    int kvHead = head / (HEADS / KV);
                    double[] scores = new double[t + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= t; s++) {
                        double dot = 0;
                        for (int i = 0; i < D; i++) {
                            dot += q[t][head * D + i] * k[s][kvHead * D + i];
                        }
                        scores[s] = gemma2 == null ? dot / Math.sqrt(D)
                                : softcap(dot / Math.sqrt(gemma2.queryPreAttentionScalar()), gemma2.attentionSoftcap());
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= t; s++) {
                        scores[s] = Math.exp(scores[s] - max);
                        sum += scores[s];
                    }
                    for (int s = 0; s <= t; s++) {
                        for (int i = 0; i < D; i++) {
                            attended[head * D + i] += scores[s] / sum * v[s][kvHead * D + i];
                        }
                    }
                }
                double[] o = linear(attended, p + "self_attn.o_proj", H, H);
                if (gemma2 != null) {
                    o = rmsNorm(o, w(p + "post_attention_layernorm.weight"));
                }
                for (int i = 0; i < H; i++) {
                    x[t][i] += o[i];
                }
                double[] m = rmsNorm(x[t], w(p + (gemma2 == null ? "post_attention_layernorm.weight"
                        : "pre_feedforward_layernorm.weight")));
                double[] gate = linear(m, p + "mlp.gate_proj", FFN, H);
                double[] up = linear(m, p + "mlp.up_proj", FFN, H);
                double[] act = new double[FFN];
                for (int i = 0; i < FFN; i++) {
                    double g = gate[i];
                    act[i] = (gemma2 == null ? g / (1 + Math.exp(-g))
                            : 0.5 * g * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (g + 0.044715 * g * g * g)))) * up[i];
                }
                double[] down = linear(act, p + "mlp.down_proj", H, FFN);
                if (gemma2 != null) {
                    down = rmsNorm(down, w(p + "post_feedforward_layernorm.weight"));
                }
                for (int i = 0; i < H; i++) {
                    x[t][i] += down[i];
                }
            }
            x = steer(x, layer + 1, steeringLayer, steering);
            out[layer + 1] = copy(x);
        }
        return out;
    }

    /** The logits the residual gives through the final norm and the tied head. */
    double[] logits(double[] residual) {
        double[] normed = rmsNorm(residual, w("model.norm.weight"));
        float[] embed = w("model.embed_tokens.weight");
        double[] logits = new double[vocab];
        for (int token = 0; token < vocab; token++) {
            double dot = 0;
            for (int i = 0; i < H; i++) {
                dot += normed[i] * embed[token * H + i];
            }
            logits[token] = gemma2 == null ? dot : softcap(dot, gemma2.finalSoftcap());
        }
        return logits;
    }

    static double logSoftmax(double[] logits, int token) {
        double max = Double.NEGATIVE_INFINITY;
        for (double logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        for (double logit : logits) {
            sum += Math.exp(logit - max);
        }
        return logits[token] - max - Math.log(sum);
    }

    static int argmax(double[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[][] steer(double[][] x, int layer, int steeringLayer, float[] steering) {
        if (steering != null && layer == steeringLayer) {
            for (double[] row : x) {
                for (int i = 0; i < H; i++) {
                    row[i] += steering[i];
                }
            }
        }
        return x;
    }

    private double[] linear(double[] x, String name, int out, int in) {
        float[] weight = w(name + ".weight");
        float[] bias = weights.tensors().get(name + ".bias");
        double[] y = new double[out];
        for (int o = 0; o < out; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < in; i++) {
                sum += weight[o * in + i] * x[i];
            }
            y[o] = sum;
        }
        return y;
    }

    /** rotate-half rotary embedding at position t, theta 10000. */
    private static double[] rope(double[] x, int heads, int t) {
        double[] out = new double[x.length];
        int half = D / 2;
        for (int head = 0; head < heads; head++) {
            for (int i = 0; i < half; i++) {
                double angle = t / Math.pow(10000, 2.0 * i / D);
                double a = x[head * D + i];
                double b = x[head * D + i + half];
                out[head * D + i] = a * Math.cos(angle) - b * Math.sin(angle);
                out[head * D + i + half] = b * Math.cos(angle) + a * Math.sin(angle);
            }
        }
        return out;
    }

    private static double softcap(double x, double cap) {
        return Math.tanh(x / cap) * cap;
    }

    private double[] rmsNorm(double[] x, float[] weight) {
        double sum = 0;
        for (double value : x) {
            sum += value * value;
        }
        double scale = 1 / Math.sqrt(sum / x.length + 1e-5);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * scale * (gemma2 == null ? weight[i] : 1 + weight[i]); // Gemma-2 stores w of (1 + w)
        }
        return out;
    }

    private float[] w(String name) {
        return weights.tensors().get(name);
    }

    private static double[][] copy(double[][] x) {
        double[][] copy = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            copy[i] = x[i].clone();
        }
        return copy;
    }
}
