package dev.safegate.core.judge;

import dev.safegate.core.stats.Proportion;
import java.util.Locale;
import java.util.Objects;

/**
 * How well one version of a judge detects one thing, measured against human labels: its sensitivity (true
 * positives / positives) and specificity (true negatives / negatives) on a named labelled set. A judge's error
 * rates are measured, never assumed; results use them to show and correct the rates a judge produced.
 *
 * @param detects     what a positive is: a refusal (refusal judges) or an unsafe answer (harm judges)
 * @param labelledSet the labelled data and how it was scored, e.g. {@code xstest-v1 binary, leave-one-model-out}
 */
public record JudgeAccuracy(String judgeId, String judgeVersion, Detects detects, Proportion sensitivity,
        Proportion specificity, String labelledSet) {

    /** The positive class of a judge's accuracy figures. */
    public enum Detects {
        REFUSAL, UNSAFE;

        /** The name in YAML files: {@code refusal}, {@code unsafe}. */
        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Detects fromYaml(String name) {
            for (Detects detects : values()) {
                if (detects.yamlName().equals(name)) {
                    return detects;
                }
            }
            throw new IllegalArgumentException("detects must be 'refusal' or 'unsafe', got '" + name + "'");
        }
    }

    public JudgeAccuracy {
        requireText(judgeId, "judge");
        requireText(judgeVersion, "version");
        Objects.requireNonNull(detects, "detects");
        requireMeasured(sensitivity, "positives");
        requireMeasured(specificity, "negatives");
        requireText(labelledSet, "labelled_set");
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }

    /** A rate over no labelled example says nothing: refuse it rather than carry an undefined figure. */
    private static void requireMeasured(Proportion rate, String trials) {
        Objects.requireNonNull(rate, trials);
        if (rate.isEmpty()) {
            throw new IllegalArgumentException(trials + " must be at least 1");
        }
    }
}
