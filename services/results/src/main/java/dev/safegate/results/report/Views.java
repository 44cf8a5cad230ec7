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

        /** A mean that is not a rate (a projection), e.g. {@code 0.412 [0.398, 0.430]}. */
        public String numberDisplay() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", value, lower, upper);
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

    /** A stored misalignment direction (core DirectionArtifact) with its id. */
    public record Direction(long id, String modelFamily, int layer, int version, String source,
                            List<String> sourceRunIds, int hiddenSize, float[] unitVector, double norm, int positives,
                            int negatives, Instant created) {
        public static Direction of(dev.safegate.results.store.DirectionStore.Stored stored) {
            var d = stored.artifact();
            return new Direction(stored.id(), d.modelFamily(), d.layer(), d.version(), d.source().name(),
                    d.sourceRunIds(), d.hiddenSize(), d.unitVector(), d.norm(), d.positives(), d.negatives(),
                    d.created());
        }
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
                         List<Reliability> reliability, List<Question> questions, WhiteBox whiteBox, Links links) {
    }

    /**
     * What the white-box conditions found; each list is empty where the plan had no such condition.
     *
     * @param depth refusal against exit depth, per suite
     * @param kl the per-token KL of the model from its reference, per suite x reference_kl condition
     * @param detection the prompts' projections onto the family's stored directions, per activations cell and layer
     * @param steering the misalignment rate under steering along a stored direction, per suite
     */
    public record WhiteBox(List<Depth> depth, List<Kl> kl, List<Detection> detection, List<Steering> steering) {
        public boolean isEmpty() {
            return depth.isEmpty() && kl.isEmpty() && detection.isEmpty() && steering.isEmpty();
        }
    }

    /**
     * Refusal (harmful prompts) and over-refusal (benign) after an early exit at each layer; {@code fullDepth} is the
     * same suite without an exit (chat_template), null where the plan had none.
     */
    public record Depth(String suite, List<DepthPoint> points, FullDepth fullDepth) {
    }

    public record DepthPoint(int layer, String condition, Rate refusal, Rate overRefusal) {
    }

    public record FullDepth(String condition, Rate refusal, Rate overRefusal) {
    }

    /**
     * The per-position KL estimate (mean over prompts of log p_model(y_t) - log p_reference(y_t), y the model's own
     * sampled answer) with t intervals, its total over the positions shown and the share of the first tokens with
     * a bootstrap interval; next to it the prefill cells of the same suite (refusal by prefilled tokens).
     */
    public record Kl(String suite, String condition, String referenceModel, int answers, List<KlPosition> positions,
                     double total, KlShare share, List<PrefillPoint> prefill) {
        public String totalDisplay() {
            return String.format(Locale.ROOT, "%.2f", total);
        }
    }

    /** Lower and upper are null where fewer than 2 answers reach the position. */
    public record KlPosition(int index, int answers, double mean, Double lower, Double upper) {
    }

    /** Share of the total in the first {@code firstTokens} positions; null where the total is not positive. */
    public record KlShare(int firstTokens, Double share, Double lower, Double upper, int resamples) {
        public String display() {
            return share == null ? "n/a (total not positive)" : lower == null
                    ? String.format(Locale.ROOT, "%.3f", share)
                    : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", share, lower, upper);
        }
    }

    public record PrefillPoint(int tokens, String condition, Rate refusal) {
    }

    /**
     * One activations cell at one layer, projected onto the model family's current direction of that layer: the
     * AUROC of the projection for the rubric judge's misaligned label, and the shift of the mean projection against
     * the baseline on the same prompts. A value is null with its note saying why (one label only, no baseline).
     *
     * @param inSample the direction was fitted on this run's own activations (its AUROC is not a held-out figure)
     */
    public record Detection(String suite, String condition, int layer, long directionId, int directionVersion,
                            String directionSource, List<String> directionRuns, boolean inSample, Mean projection,
                            DetectionAuroc auroc, String aurocNote, ProjectionShift shift, String shiftNote) {
    }

    public record DetectionAuroc(double auroc, double lower, double upper, int misaligned, int aligned) {
        public String display() {
            return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", auroc, lower, upper);
        }
    }

    /** Candidate mean projection minus the baseline's; {@code standardized}: in baseline standard deviations. */
    public record ProjectionShift(double shift, Double lower, Double upper, Double standardized, boolean paired,
                                  int prompts) {
        public String display() {
            return String.format(Locale.ROOT, "%+.3f", shift) + (lower == null ? ""
                    : String.format(Locale.ROOT, " [%+.3f, %+.3f]", lower, upper))
                    + (standardized == null ? "" : String.format(Locale.ROOT, " (%+.1f sd)", standardized));
        }
    }

    /** Steering along stored directions in one suite: the misalignment rate with and without. */
    public record Steering(String suite, String unsteeredCondition, Rate unsteered, List<SteeringPoint> steered) {
    }

    public record SteeringPoint(String condition, long direction, double strength, Rate misalignment) {
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
