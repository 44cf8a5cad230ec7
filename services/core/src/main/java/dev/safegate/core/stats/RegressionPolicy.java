package dev.safegate.core.stats;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.safegate.core.stats.sequential.SequentialDesign;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which cells gate a release and how (loaded from YAML; the built-in policies are {@code safegate/policies/*.yaml}).
 *
 * @param alpha              family-wise significance level for the comparisons (Holm-Bonferroni across them)
 * @param confidence         level of every reported interval
 * @param minSamplesPerCell  fewer counted observations than this in a gated cell makes its check INCONCLUSIVE
 * @param bootstrap          resamples and seed of the paired bootstrap
 * @param judgeAccuracy      where set, a check whose rates come from a judge measured below these limits (or not
 *                           measured at all) is INCONCLUSIVE, whatever its numbers say
 */
public record RegressionPolicy(double alpha, double confidence, int minSamplesPerCell,
                               PairedComparison.Bootstrap bootstrap, List<Gate> gates,
                               JudgeAccuracyRequirement judgeAccuracy) {
    /** The policy of a plan that names none: the shipped gates, compared with the baseline sequentially. */
    public static final String DEFAULT = "default";
    /**
     * The policies shipped with core, by name: {@value #DEFAULT}, {@code fixed} (every gate on the whole plan) and
     * {@code organism} (make run's model organism, with a gate for each white-box check).
     */
    public static final List<String> BUILT_IN = List.of(DEFAULT, "fixed", "organism");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public RegressionPolicy {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must lie in (0, 1), got " + alpha);
        }
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (minSamplesPerCell < 1) {
            throw new IllegalArgumentException("minSamplesPerCell must be >= 1, got " + minSamplesPerCell);
        }
        Objects.requireNonNull(bootstrap, "bootstrap");
        gates = List.copyOf(Objects.requireNonNull(gates, "gates"));
        if (gates.isEmpty()) {
            throw new IllegalArgumentException("a policy needs at least one gate");
        }
        if (gates.stream().map(Gate::name).distinct().count() != gates.size()) {
            throw new IllegalArgumentException("gate names must be unique");
        }
    }

    /** A policy that trusts every judge's verdicts as they are. */
    public RegressionPolicy(double alpha, double confidence, int minSamplesPerCell,
                            PairedComparison.Bootstrap bootstrap, List<Gate> gates) {
        this(alpha, confidence, minSamplesPerCell, bootstrap, gates, null);
    }

    /** The measured accuracy a judge needs for its rates to decide (the {@code judgeAccuracy:} block). */
    public record JudgeAccuracyRequirement(double minSensitivity, double minSpecificity) {
        public JudgeAccuracyRequirement {
            if (!(minSensitivity >= 0 && minSensitivity <= 1 && minSpecificity >= 0 && minSpecificity <= 1)) {
                throw new IllegalArgumentException("judgeAccuracy limits must lie in [0, 1]");
            }
        }

        /** Why the judge's rates may not decide, or empty when they may. */
        public java.util.Optional<String> problem(String judge, java.util.Optional<JudgeErrorRates> rates) {
            if (rates.isEmpty()) {
                return java.util.Optional.of("judge " + judge + " has no measured accuracy");
            }
            JudgeErrorRates r = rates.get();
            double sensitivity = r.sensitivity().rate().getAsDouble();
            double specificity = r.specificity().rate().getAsDouble();
            if (sensitivity < minSensitivity || specificity < minSpecificity) {
                return java.util.Optional.of(String.format(java.util.Locale.ROOT,
                        "judge %s measured sensitivity %.3f, specificity %.3f on %s (policy needs %.2f, %.2f)",
                        judge, sensitivity, specificity, r.measuredOn(), minSensitivity, minSpecificity));
            }
            return java.util.Optional.empty();
        }
    }

    /**
     * One gating rule. Patterns match a cell field exactly, or with {@code *} standing for any run of characters;
     * {@code *} never matches the totals marker {@value CellKey#ALL}, which is matched only by itself. So the
     * default {@code category: "(all)"} gates the suite x condition totals, and {@code category: "*"} each category.
     *
     * @param worse     which direction of the metric is a regression; defaults to the metric's
     * @param minEffect compare with the baseline: FAIL when the rate moves the worse way by at least this much and
     *                  the Holm-adjusted p-value is below alpha; null for no comparison. In [0, 1] for rates and
     *                  judged per-prompt scores, any number >= 0 for white-box scores (their own units)
     * @param floor     the candidate's rate must be at least this (null for none)
     * @param ceiling   the candidate's rate must be at most this (null for none)
     * @param sequential where set, the comparison is also tested at these looks while the run is generated, and a
     *                  FAIL that is certain at a look stops the run (null: judged once, on the whole plan)
     * @param k         unsafe_at_k only: the number of samples
     * @param of        unreliability only: the rate whose per-prompt spread is measured (default refusal_rate)
     * @param layer     direction_projection only: the layer of the stored direction the prompts are projected onto
     * @param versus    a rate compared not with the baseline but with another condition of the candidate run itself,
     *                  on the same prompts (e.g. {@code chat_template}, full depth, for early_exit cells): the cell
     *                  with the same suite and category under this condition label; needs minEffect
     */
    public record Gate(String name, String suite, String condition, String category, Metric metric,
                       Metric.Direction worse, Double minEffect, Double floor, Double ceiling,
                       SequentialDesign sequential, Integer k, Metric of, Integer layer, String versus) {
        public Gate {
            Objects.requireNonNull(name, "gate name");
            Objects.requireNonNull(metric, "metric of gate " + name);
            suite = suite == null ? "*" : suite;
            condition = condition == null ? "*" : condition;
            category = category == null ? CellKey.ALL : category;
            worse = worse == null ? metric.defaultWorse() : worse;
            if (minEffect == null && floor == null && ceiling == null) {
                throw new IllegalArgumentException("gate " + name + " needs minEffect, floor or ceiling");
            }
            if (minEffect != null && !(minEffect >= 0 && (minEffect <= 1 || !metric.isBounded())
                    && Double.isFinite(minEffect))) {
                throw new IllegalArgumentException("minEffect of gate " + name + " must lie in [0, 1]"
                        + (metric.isBounded() ? "" : " or, for " + metric.key() + ", be a number >= 0"));
            }
            if (metric.isBounded() && (floor != null && !(floor >= 0 && floor <= 1)
                    || ceiling != null && !(ceiling >= 0 && ceiling <= 1))) {
                throw new IllegalArgumentException("floor and ceiling of gate " + name + " must lie in [0, 1]");
            }
            if (sequential != null && minEffect == null) {
                throw new IllegalArgumentException("gate " + name + " is sequential but has no minEffect comparison");
            }
            if (metric.kind() == Metric.Kind.PER_PROMPT && sequential != null) {
                throw new IllegalArgumentException("gate " + name + ": " + metric.key()
                        + " is decided on the whole plan, it cannot be sequential");
            }
            if ((k != null) != (metric == Metric.UNSAFE_AT_K) || k != null && k < 1) {
                throw new IllegalArgumentException("gate " + name + ": k (>= 1) is for unsafe_at_k, which needs it");
            }
            if (of != null && metric != Metric.UNRELIABILITY || of != null && of.kind() != Metric.Kind.RATE) {
                throw new IllegalArgumentException("gate " + name + ": 'of' names the rate of an unreliability gate");
            }
            of = metric == Metric.UNRELIABILITY && of == null ? Metric.REFUSAL_RATE : of;
            if ((layer != null) != (metric == Metric.DIRECTION_PROJECTION) || layer != null && layer < 0) {
                throw new IllegalArgumentException("gate " + name
                        + ": layer (>= 0) is for direction_projection, which needs it");
            }
            if (versus != null && (versus.isBlank() || metric.kind() != Metric.Kind.RATE || minEffect == null
                    || floor != null || ceiling != null || sequential != null)) {
                throw new IllegalArgumentException("gate " + name + ": 'versus' compares a rate with another "
                        + "condition of the same run; it needs minEffect and takes no floor, ceiling or sequential");
            }
        }

        /** A gate without the per-prompt parameters k, of and layer, compared with the baseline. */
        public Gate(String name, String suite, String condition, String category, Metric metric,
                    Metric.Direction worse, Double minEffect, Double floor, Double ceiling,
                    SequentialDesign sequential) {
            this(name, suite, condition, category, metric, worse, minEffect, floor, ceiling, sequential, null, null);
        }

        /** A gate compared with the baseline (no layer, no versus). */
        public Gate(String name, String suite, String condition, String category, Metric metric,
                    Metric.Direction worse, Double minEffect, Double floor, Double ceiling,
                    SequentialDesign sequential, Integer k, Metric of) {
            this(name, suite, condition, category, metric, worse, minEffect, floor, ceiling, sequential, k, of, null,
                    null);
        }

        public boolean matches(CellKey cell) {
            return matches(suite, cell.suite()) && matches(condition, cell.condition())
                    && matches(category, cell.category());
        }

        static boolean matches(String pattern, String value) {
            if (value.equals(CellKey.ALL) || pattern.equals(CellKey.ALL)) {
                return pattern.equals(value);
            }
            return value.matches(globToRegex(pattern));
        }

        private static String globToRegex(String glob) {
            return Arrays.stream(glob.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*"));
        }
    }

    public static RegressionPolicy fromYaml(InputStream yaml) {
        try {
            return YAML.readValue(yaml, RegressionPolicy.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read regression policy", e);
        }
    }

    public static RegressionPolicy load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return fromYaml(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read regression policy " + file, e);
        }
    }

    /** The policy shipped with core as {@code safegate/policies/<name>.yaml}, one of {@link #BUILT_IN}. */
    public static RegressionPolicy builtIn(String name) {
        if (!BUILT_IN.contains(name)) {
            throw new IllegalArgumentException("no built-in policy '" + name + "' (built in: " + BUILT_IN + ")");
        }
        String resource = "safegate/policies/" + name + ".yaml";
        try (InputStream in = RegressionPolicy.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return fromYaml(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RegressionPolicy defaultPolicy() {
        return builtIn(DEFAULT);
    }
}
