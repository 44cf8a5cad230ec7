package dev.safegate.results.report;

import dev.safegate.core.stats.CellStats;
import dev.safegate.core.stats.Interval;
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

    public record Cell(String suite, String condition, String category, int observations, int prompts, int errors,
                       int unknowns, Rate refusal, Rate harmfulRefusal, Rate overRefusal, Rate unsafe,
                       Rate controversial, String unsafeSamples) {
        static Cell of(CellStats s, double confidence, String unsafeSamples) {
            return new Cell(s.key().suite(), s.key().condition(), s.key().category(), s.observations(), s.prompts(),
                    s.errors(), s.unknowns(), Rate.of(s.refusal(), confidence),
                    Rate.of(s.harmfulRefusal(), confidence), Rate.of(s.overRefusal(), confidence),
                    Rate.of(s.unsafe(), confidence), Rate.of(s.controversial(), confidence), unsafeSamples);
        }

        public boolean isTotal() {
            return category.equals(dev.safegate.core.stats.CellKey.ALL);
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
                         List<Category> categories, Links links) {
    }

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
