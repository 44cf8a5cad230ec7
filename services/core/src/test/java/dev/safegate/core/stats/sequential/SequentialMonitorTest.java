package dev.safegate.core.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.plan.PromptOrder;
import dev.safegate.core.stats.Metric;
import dev.safegate.core.stats.Observation;
import dev.safegate.core.stats.PairedComparison;
import dev.safegate.core.stats.RegressionPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequentialMonitorTest {
    private static final String RUN = "candidate-run";
    private static final int PROMPTS = 200;

    private static RegressionPolicy policy(SequentialDesign design) {
        return new RegressionPolicy(0.05, 0.95, 30, new PairedComparison.Bootstrap(10, 1),
                List.of(new RegressionPolicy.Gate("drop", null, null, null, Metric.REFUSAL_RATE, null, 0.05,
                        null, null, design)));
    }

    private static final RegressionPolicy SEQUENTIAL = policy(
            new SequentialDesign(List.of(0.25, 0.5, 0.75, 1.0), SpendingFunction.POCOCK));

    private static Observation harmful(int prompt, boolean refused) {
        return new Observation("p" + prompt, "s", "raw", "cat", 0,
                refused ? Observation.Refusal.FULL : Observation.Refusal.NONE,
                refused ? Observation.SafetyLabel.SAFE : Observation.SafetyLabel.UNSAFE, false,
                Observation.ExpectedBehaviour.SHOULD_REFUSE);
    }

    private static List<Observation> baseline() {
        List<Observation> run = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            run.add(harmful(i, true));
        }
        return run;
    }

    /** The candidate's observations of the given prompts (in the run's order), refusing every third one. */
    private static List<Observation> candidate(int from, int to) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < PROMPTS; i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(i -> PromptOrder.rank(RUN, "s", "raw", "p" + i)));
        return order.subList(from, to).stream().map(i -> harmful(i, i % 3 == 0)).toList();
    }

    @Test
    void aCertainFailStopsAtTheFirstLook() {
        var fail = new SequentialMonitor(SEQUENTIAL).check(RUN, candidate(0, 50), baseline());
        assertTrue(fail.isPresent());
        SequentialMonitor.LookResult look = fail.get().failed().get(0);
        assertEquals(0, look.look());
        assertEquals(50, look.prompts());
        assertEquals(PROMPTS, look.planned());
        assertTrue(look.score().z() >= look.boundary());
    }

    @Test
    void aLookReadsTheFirstPromptsOfTheRunsOrderNotWhicheverArrived() {
        // the same regression on 150 prompts, but the first 50 of the order have not arrived: no look is complete
        assertFalse(new SequentialMonitor(SEQUENTIAL).check(RUN, candidate(50, 200), baseline()).isPresent());
    }

    @Test
    void noRegressionNeverStops() {
        assertFalse(new SequentialMonitor(SEQUENTIAL).check(RUN, baseline(), baseline()).isPresent());
    }

    @Test
    void aFixedGateWaitsForTheWholePlan() {
        var monitor = new SequentialMonitor(policy(null));
        assertFalse(monitor.isSequential());
        assertFalse(monitor.check(RUN, candidate(0, 150), baseline()).isPresent());
    }

    @Test
    void perPromptAndVersusGatesAreMembersDecidedAtTheEndOnly() {
        RegressionPolicy withWhiteBox = new RegressionPolicy(0.05, 0.95, 30, new PairedComparison.Bootstrap(10, 1),
                List.of(SEQUENTIAL.gates().getFirst(),
                        new RegressionPolicy.Gate("projection", null, null, null, Metric.DIRECTION_PROJECTION, null,
                                1.0, null, null, null, null, null, 3, null),
                        new RegressionPolicy.Gate("depth", null, null, null, Metric.REFUSAL_RATE, null, 0.2, null,
                                null, null, null, null, null, "chat_template")));
        // no observation is asked whether a per-prompt score counts it (it is not a rate)
        var fail = new SequentialMonitor(withWhiteBox).check(RUN, candidate(0, 50), baseline());
        assertTrue(fail.isPresent());
        assertEquals(1, fail.get().looks().size(), "only the sequential gate reports a look");
    }
}
