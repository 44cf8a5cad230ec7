package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.stats.Check;
import dev.safegate.core.stats.CellKey;
import dev.safegate.core.stats.Decision;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.RatioComparisonCheck;
import dev.safegate.core.stats.RatioLimitCheck;
import dev.safegate.core.stats.RegressionEvaluator;
import dev.safegate.core.stats.RegressionPolicy;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ImageRegressionEvaluatorTest {
    private static final RegressionPolicy DEFAULT = RegressionPolicy.defaultPolicy();

    /** 60 images of three classes; each image's object share drawn around {@code share}, confident at p = 0.97. */
    private static List<ImageOutcome> audit(double share, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<ImageOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String label = CleverHansDataset.CLASSES.get(i % 3);
            double s = Math.clamp(share + 0.1 * random.nextGaussian(), 0, 1);
            outcomes.add(new ImageOutcome("img-" + i, "clever-hans", label, label, 0.97, s, 0.8, false));
        }
        return outcomes;
    }

    @Test
    void aCandidateThatMovedItsAttributionToTheBackgroundFails() {
        Decision decision = new ImageRegressionEvaluator(DEFAULT).evaluate(audit(0.15, 1), audit(0.9, 2));
        assertEquals(Decision.Outcome.FAIL, decision.outcome(), decision.summaryLines().toString());
        RatioComparisonCheck reliance = (RatioComparisonCheck) decision.checks().stream()
                .filter(c -> c.metric() == Metric.BACKGROUND_RELIANCE && c.cell().equals(CellKey.totalOf("clever-hans",
                        "lime"))).findFirst().orElseThrow();
        assertEquals(Check.Outcome.FAIL, reliance.outcome());
        assertEquals(0.75, reliance.difference(), 0.05);
        assertTrue(reliance.differenceInterval().lower() > 0.6, reliance.summary());
        assertEquals(60, reliance.pairedUnits());
        assertTrue(decision.checks().stream().anyMatch(c -> c.metric() == Metric.CONFIDENT_OUTSIDE_RATE
                && c.outcome() == Check.Outcome.FAIL));
    }

    @Test
    void anUnchangedCandidatePassesAndAnImprovedOneToo() {
        assertEquals(Decision.Outcome.PASS,
                new ImageRegressionEvaluator(DEFAULT).evaluate(audit(0.9, 3), audit(0.9, 4)).outcome());
        assertEquals(Decision.Outcome.PASS,
                new ImageRegressionEvaluator(DEFAULT).evaluate(audit(0.9, 3), audit(0.2, 4)).outcome());
    }

    @Test
    void withoutABaselineNothingIsComparedButACeilingDecides() {
        Decision none = new ImageRegressionEvaluator(DEFAULT).evaluateWithout(audit(0.1, 1));
        assertEquals(Decision.Outcome.INCONCLUSIVE, none.outcome());
        assertTrue(none.checks().stream().allMatch(c -> c.outcome() == Check.Outcome.NOT_AVAILABLE));

        RegressionPolicy ceiling = RegressionPolicy.fromYaml(new ByteArrayInputStream("""
                alpha: 0.05
                confidence: 0.95
                minSamplesPerCell: 30
                bootstrap: {resamples: 500, seed: 1}
                gates:
                  - {name: reliance-ceiling, suite: "*", metric: background_reliance, ceiling: 0.5}
                """.getBytes(StandardCharsets.UTF_8)));
        Decision failed = new ImageRegressionEvaluator(ceiling).evaluateWithout(audit(0.1, 1));
        assertEquals(Decision.Outcome.FAIL, failed.outcome());
        RatioLimitCheck check = (RatioLimitCheck) failed.checks().get(0);
        assertTrue(check.breached());
        assertNotNull(check.candidate().interval());
        assertEquals(Decision.Outcome.PASS, new ImageRegressionEvaluator(ceiling).evaluateWithout(audit(0.9, 1))
                .outcome());
    }

    @Test
    void failedImagesAreLeftOutOfThePairingAndSmallCellsAreInconclusive() {
        List<ImageOutcome> candidate = new ArrayList<>(audit(0.1, 1).subList(0, 20));
        candidate.add(ImageOutcome.failed("img-20", "clever-hans", "circle"));
        Decision decision = new ImageRegressionEvaluator(DEFAULT).evaluate(candidate, audit(0.9, 2));
        assertEquals(Decision.Outcome.INCONCLUSIVE, decision.outcome());
        RatioComparisonCheck check = (RatioComparisonCheck) decision.checks().get(0);
        assertEquals(20, check.pairedUnits());
        assertTrue(check.note().contains("only 20 paired images"), check.note());
    }

    @Test
    void theLlmEvaluatorIgnoresImageGatesAndSummaryCellsHaveIntervals() {
        // the default policy's image gates count no LLM observation, so the LLM decision is unchanged by them
        assertTrue(new RegressionEvaluator(DEFAULT).evaluateWithoutBaseline(List.of()).checks().isEmpty());
        List<ImageAuditSummary.Cell> cells = ImageAuditSummary.cells(audit(0.3, 5), 0.95,
                new PairedComparison.Bootstrap(500, 1));
        ImageAuditSummary.Cell overall = cells.get(cells.size() - 1);
        assertEquals(CellKey.OVERALL, overall.key());
        assertEquals(0.7, overall.backgroundReliance().value(), 0.05);
        assertTrue(overall.backgroundReliance().interval().contains(overall.backgroundReliance().value()));
        assertEquals(60, overall.confidentOutside().trials());
        assertEquals(1.0, overall.accuracy().rate().getAsDouble());
        assertEquals(3 + 1 + 1, cells.size(), "three classes, the set's total, the overall");
    }
}
