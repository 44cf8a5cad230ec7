package dev.safegate.modelhost.transformers;

import dev.safegate.modelhost.llm.SamplingParameters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Picks the next token from logits: argmax at temperature 0, else a draw from softmax(logits / temperature)
 * restricted to the top_k most likely tokens and then to the smallest set whose probability reaches top_p, from
 * the request's seed (a fresh one when none is given).
 */
final class Sampler {
    private final SamplingParameters parameters;
    private final SplittableRandom random;

    Sampler(SamplingParameters parameters) {
        this.parameters = parameters;
        this.random = parameters.seed() == null ? new SplittableRandom() : new SplittableRandom(parameters.seed());
    }

    int next(float[] logits) {
        if (parameters.greedy()) {
            return argmax(logits);
        }
        double max = logits[argmax(logits)];
        double[] weights = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            weights[i] = Math.exp((logits[i] - max) / parameters.temperature());
        }
        if (parameters.topK() > 0 || parameters.topP() < 1) {
            keepNucleus(weights);
        }
        double total = 0;
        for (double weight : weights) {
            total += weight;
        }
        double draw = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            draw -= weights[i];
            if (draw < 0 && weights[i] > 0) {
                return i;
            }
        }
        return argmax(logits);
    }

    /** Zeroes every weight outside the top_k and then outside the top_p nucleus. */
    private void keepNucleus(double[] weights) {
        // Sort by weight, descending, as (weight bits, index) pairs: non-negative doubles order like their bits.
        long[] order = new long[weights.length];
        for (int i = 0; i < weights.length; i++) {
            order[i] = (Double.doubleToLongBits(weights[i]) & ~0xFFFFFL) | i;
        }
        Arrays.sort(order);
        int keep = parameters.topK() > 0 ? Math.min(parameters.topK(), weights.length) : weights.length;
        double total = 0;
        for (int r = 0; r < keep; r++) {
            total += weights[index(order[order.length - 1 - r])];
        }
        double mass = 0;
        int kept = 0;
        while (kept < keep && (kept == 0 || mass < parameters.topP() * total)) {
            mass += weights[index(order[order.length - 1 - kept])];
            kept++;
        }
        double[] filtered = new double[weights.length];
        for (int r = 0; r < kept; r++) {
            int i = index(order[order.length - 1 - r]);
            filtered[i] = weights[i];
        }
        System.arraycopy(filtered, 0, weights, 0, weights.length);
    }

    private static int index(long packed) {
        return (int) (packed & 0xFFFFF);
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    /** log softmax(logits)[token], at temperature 1. */
    static float logProbability(float[] logits, int token) {
        double max = logits[argmax(logits)];
        double sum = 0;
        for (float logit : logits) {
            sum += Math.exp(logit - max);
        }
        return (float) (logits[token] - max - Math.log(sum));
    }
}
