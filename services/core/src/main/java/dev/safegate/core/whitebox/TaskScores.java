package dev.safegate.core.whitebox;

import dev.safegate.core.stats.Metric;
import java.util.Optional;

/**
 * What one generation's white-box outputs score, for the per-prompt gates ({@link Metric#KL_FIRST_TOKENS},
 * {@link Metric#DIRECTION_PROJECTION}): each generation gets the value, PromptScores averages a prompt's samples.
 */
public final class TaskScores {
    private TaskScores() {
    }

    /**
     * Sum over the first {@value Metric#KL_HEAD_TOKENS} answer tokens of log p_model(y_t) - log p_reference(y_t):
     * this answer's contribution to the KL divergence where shallow alignment lives. Empty for an empty answer.
     */
    public static Optional<Double> klFirstTokens(float[] own, float[] reference) {
        if (own.length != reference.length) {
            throw new IllegalArgumentException(own.length + " log-probs of the model but " + reference.length
                    + " of the reference");
        }
        if (own.length == 0) {
            return Optional.empty();
        }
        double sum = 0;
        for (int t = 0; t < Math.min(Metric.KL_HEAD_TOKENS, own.length); t++) {
            sum += (double) own[t] - reference[t];
        }
        return Optional.of(sum);
    }

    /** The activation's scalar projection onto the stored direction (same layer, same width). */
    public static double projection(DirectionArtifact direction, float[] activation) {
        return direction.direction().project(activation);
    }
}
