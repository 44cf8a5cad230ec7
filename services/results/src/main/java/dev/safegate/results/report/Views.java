package dev.safegate.results.report;

import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.JudgeErrorCorrection;
import dev.safegate.core.stats.Proportion;
import dev.safegate.results.store.RunRecord;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The JSON (and template) shapes of reports, comparisons and samples. */
public final class Views {
    private Views() {
    }

    /** A proportion with its interval; rate and bounds are null when nothing was counted. */
    public record Rate(long successes, long trials, Double rate, Double lower, Double upper) {
        static Rate of(Proportion p, double confidence) {
            if (p.isEmpty()) {
                return new Rate(0, 0, null, null, null);
            }
            Interval ci = p.wilson(confidence).orElseThrow();
            return new Rate(p.successes(), p.trials(), p.rate().getAsDouble(), ci.lower(), ci.upper());
        }

        /** e.g. {@code 75.0% [53.1, 88.8]}. */
        public String display() {
            return rate == null ? "n/a"
                    : String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", rate * 100, lower * 100, upper * 100);
        }
    }

    /**
     * One cell. {@code unsafe} and {@code controversial} are null ("not measured") where no harm judge labelled any
     * answer; {@code misalignment} is null where the rubric judge scored no coherent answer. A corrected rate is the
     * rate corrected for its judge's measured errors, null where the judge has no measured accuracy.
     */
    public record Cell(String suite, String condition, String category, int observations, int prompts, int errors,
                       int unknowns, Rate refusal, Rate harmfulRefusal, Corrected harmfulRefusalCorrected,
                       Rate overRefusal, Rate unsafe, Corrected unsafeCorrected, Rate controversial,
                       Rate misalignment, Map<Integer, Integer> firstUnsafeTurns, String unsafeSamples) {

        public boolean isTotal() {
            return category.equals(dev.safegate.core.stats.CellKey.ALL);
        }

        /** The unsafe column of the report: the rate, or "not measured". */
        public String unsafeDisplay() {
            return unsafe == null ? "not measured" : unsafe.display();
        }
    }

    /** A rate corrected for its judge's errors (Rogan-Gladen), with the judge's uncertainty in the interval. */
    public record Corrected(double rate, double lower, double upper, String judge) {
        static Corrected of(JudgeErrorCorrection.Corrected c) {
            return new Corrected(c.rate(), c.interval().lower(), c.interval().upper(), c.judge().judge());
        }

        public String display() {
            return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", rate * 100, lower * 100, upper * 100);
        }
    }

    /** A judge behind the run's rates, with its measured accuracy (null sensitivity: never measured). */
    public record Judge(String judge, String judges, Rate sensitivity, Rate specificity, String measuredOn) {
    }

    /** unsafe@k for k = 1..n of one suite x condition with repeated samples. */
    public record UnsafeAtK(String suite, String condition, List<KPoint> points) {
    }

    public record KPoint(int k, double value, double lower, double upper, int prompts) {
    }

    /** A mean over prompts with its bootstrap interval. */
    public record Mean(double value, double lower, double upper, int prompts) {
        static Mean of(dev.safegate.core.stats.PromptScores.Mean m) {
            return m == null ? null : new Mean(m.value(), m.interval().lower(), m.interval().upper(), m.prompts());
        }

        public String display() {
            return String.format(Locale.ROOT, "%.1f%% [%.1f, %.1f]", value * 100, lower * 100, upper * 100);
        }
    }

    /**
     * Repeated samples of one suite x condition (repeated multi-turn conversations): per prompt the mean outcome of a
     * rate and its spread P90 - P10, and both averaged. {@code firstUnsafeTurns}: conversations by the turn of their
     * first unsafe answer.
     */
    public record Reliability(String suite, String condition, String rate, Mean aptitude, Mean unreliability,
                              Map<Integer, Integer> firstUnsafeTurns, List<PromptSpread> prompts) {
    }

    public record PromptSpread(String promptId, int samples, double mean, double spread) {
    }

    /** The emergent-misalignment rate of one question: misaligned among its coherent, scored answers. */
    public record Question(String suite, String condition, String promptId, String category, Rate misalignment) {
        /** Pairs a question with the baseline's (not part of the JSON). */
        public String key() {
            return suite + "/" + condition + "/" + promptId;
        }
    }

    public record Category(String category, Rate harmfulRefusal, Rate unsafe) {
    }

    /** {@code kind}: LLM, or IMAGE_AUDIT for an image classifier's visual audit (its images at /runs/{id}/images). */
    public record Run(String runId, String model, String modelVersion, String role, String baselineRunId,
                      String planHash, String policy, String state, long expectedTasks, List<String> judgeIds,
                      Instant createdAt, Instant finishedAt, String kind) {
        public static Run of(RunRecord r) {
            return new Run(r.runId(), r.model(), r.modelVersion(), r.role(), r.baselineRunId(), r.planHash(),
                    r.policy(), r.state().name(), r.expectedTasks(), r.judgeIds(), r.createdAt(), r.finishedAt(),
                    r.kind());
        }
    }

    /** {@code outcome} is PASS, FAIL, INCONCLUSIVE, or null while undecided (and for baselines). */
    public record Decision(String outcome, List<String> reasons) {
    }

    public record Progress(long expectedVerdicts, long storedVerdicts, double ratio, Map<String, Long> byJudge,
                           String missing) {
    }

    public record Links(String html, String samples, String unsafeSamples, String comparison) {
    }

    public record Report(Run run, Decision decision, Progress progress, double confidence, List<Cell> cells,
                         List<Category> categories, List<Judge> judges, List<UnsafeAtK> unsafeAtK,
                         List<Reliability> reliability, List<Question> questions, Links links) {
    }

    /** Unsafe rates and their difference are null where a run had no harm judge ("not measured"). */
    public record CellComparison(String suite, String condition, String category, Rate candidateRefusal,
                                 Rate baselineRefusal, Double refusalDifference, Rate candidateUnsafe,
                                 Rate baselineUnsafe, Double unsafeDifference) {
    }

    /** Candidate vs. baseline: both runs' cells side by side and the policy's decision, computed on request. */
    public record Comparison(Run candidate, Run baseline, Decision decision, double confidence,
                             List<CellComparison> cells) {
    }

    public record Sample(String taskId, String judgeId, String judgeVersion, String suite, String condition,
                         String category, String promptId, int sampleIndex, boolean shouldRefuse, String label,
                         String refusal, String categories, String error, String generationStatus,
                         String generationError, String prompt, String output, String judgeOutput) {
    }

    /** {@code redacted}: prompts and outputs are replaced by their length (no reader token was sent). */
    public record Samples(String runId, Map<String, String> filter, int page, int size, long total,
                          boolean redacted, List<Sample> items) {
    }
}
