package dev.safegate.core.stats;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** The result of applying one gate of a {@link RegressionPolicy} to one cell (in JSON: "kind" floor/comparison). */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FloorCheck.class, name = "floor"),
        @JsonSubTypes.Type(value = ComparisonCheck.class, name = "comparison"),
        @JsonSubTypes.Type(value = PromptMeanCheck.class, name = "prompt_mean"),
        @JsonSubTypes.Type(value = JudgeLimitedCheck.class, name = "judge_limited"),
        @JsonSubTypes.Type(value = RatioLimitCheck.class, name = "ratio_limit"),
        @JsonSubTypes.Type(value = RatioComparisonCheck.class, name = "ratio_comparison"),
        @JsonSubTypes.Type(value = VersusCheck.class, name = "versus")})
public sealed interface Check permits FloorCheck, ComparisonCheck, PromptMeanCheck, JudgeLimitedCheck, RatioLimitCheck,
        RatioComparisonCheck, VersusCheck {

    enum Outcome { PASS, FAIL, INCONCLUSIVE, NOT_AVAILABLE }

    String gate();

    CellKey cell();

    Metric metric();

    Outcome outcome();

    /** One human-readable line with the numbers that decided this check. */
    String summary();

    static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.3f", value);
    }

    static String formatP(double p) {
        return p < 0.0001 ? String.format(java.util.Locale.ROOT, "%.1e", p)
                : String.format(java.util.Locale.ROOT, "%.4f", p);
    }
}
