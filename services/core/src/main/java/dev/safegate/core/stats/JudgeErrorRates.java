package dev.safegate.core.stats;

import java.util.Objects;

/**
 * A judge's measured error rates as a classifier of what a rate counts (a refusal, an unsafe answer): sensitivity,
 * the share of true positives it calls positive, and specificity, the share of true negatives it calls negative,
 * both with the counts they were measured on, so that their uncertainty can be carried into corrected rates.
 *
 * @param judge      {@code id/version} of the judge
 * @param measuredOn the labelled data the figures come from
 */
public record JudgeErrorRates(String judge, Proportion sensitivity, Proportion specificity, String measuredOn) {
    public JudgeErrorRates {
        Objects.requireNonNull(judge, "judge");
        if (sensitivity.isEmpty() || specificity.isEmpty()) {
            throw new IllegalArgumentException("judge " + judge + ": sensitivity and specificity need labelled cases");
        }
        measuredOn = measuredOn == null ? "" : measuredOn;
    }

    /** Where a judge's measured error rates come from: by judge ({@code id/version}) and the rate it judged for. */
    @FunctionalInterface
    public interface Lookup {
        Lookup NONE = (judge, rate) -> java.util.Optional.empty();

        /** @param rate the rate whose hits the judge detected: refusal_rate or over_refusal (refusals), unsafe_rate */
        java.util.Optional<JudgeErrorRates> find(String judge, Metric rate);
    }

    /** Youden's J = sensitivity + specificity - 1: 0 for a judge no better than chance, 1 for a perfect one. */
    public double youden() {
        return sensitivity.rate().getAsDouble() + specificity.rate().getAsDouble() - 1;
    }
}
