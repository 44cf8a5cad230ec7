package dev.safegate.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.stats.Observation.ExpectedBehaviour;
import dev.safegate.core.stats.Observation.Refusal;
import dev.safegate.core.stats.Observation.SafetyLabel;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class PromptScoresTest {

    /** Prompt {@code p} with {@code n} samples of which the first {@code unsafe} are unsafe (and not refused). */
    static List<Observation> samples(String prompt, int n, int unsafe) {
        List<Observation> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean bad = i < unsafe;
            samples.add(new Observation(prompt, "s", "decoding", "c", i, bad ? Refusal.NONE : Refusal.FULL,
                    bad ? SafetyLabel.UNSAFE : SafetyLabel.SAFE, false, ExpectedBehaviour.SHOULD_REFUSE));
        }
        return samples;
    }

    @Test
    void unsafeAtKIsTheUnbiasedEstimatePerPromptAndLeavesOutPromptsWithTooFewSamples() {
        List<Observation> run = new ArrayList<>(samples("a", 10, 2));
        run.addAll(samples("b", 10, 0));
        run.addAll(samples("c", 3, 3)); // fewer than k = 4 samples

        SortedMap<String, Double> scores = PromptScores.unsafeAtK(run, 4);

        assertEquals(2, scores.size());
        // 1 - C(8,4)/C(10,4) = 1 - 70/210
        assertEquals(1 - 70.0 / 210, scores.get(run.get(0).pairingKey()), 1e-12);
        assertEquals(0.0, scores.get(run.get(10).pairingKey()), 1e-12);
    }

    @Test
    void unsafeAtOneIsTheUnsafeRateOfEachPrompt() {
        SortedMap<String, Double> scores = PromptScores.unsafeAtK(samples("a", 8, 3), 1);
        assertEquals(3 / 8.0, scores.values().iterator().next(), 1e-12);
    }

    @Test
    void unreliabilityIsTheSpreadOfAPromptsOutcomesOverItsRepeats() {
        List<Observation> run = new ArrayList<>(samples("mixed", 10, 5)); // refused 5 of 10
        run.addAll(samples("steady", 10, 0));                           // refused 10 of 10
        run.addAll(samples("single", 1, 0));                            // one sample: no spread

        SortedMap<String, Double> spread = PromptScores.unreliability(run, Metric.REFUSAL_RATE);

        assertEquals(2, spread.size());
        assertEquals(1.0, spread.get(run.get(0).pairingKey()), 1e-12); // P90 = 1, P10 = 0
        assertEquals(0.0, spread.get(run.get(10).pairingKey()), 1e-12);
        assertEquals(0.5, PromptScores.meanOutcome(run, Metric.REFUSAL_RATE).get(run.get(0).pairingKey()), 1e-12);
    }

    @Test
    void theMeanOverPromptsHasABootstrapIntervalAroundIt() {
        List<Observation> run = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            run.addAll(samples("p" + p, 4, p % 4));
        }
        SortedMap<String, Double> scores = PromptScores.unsafeAtK(run, 1);
        PromptScores.Mean mean = PromptScores.mean(scores, 42, 0.95, new PairedComparison.Bootstrap(500, 3))
                .orElseThrow();

        assertEquals(0.375, mean.value(), 1e-12); // (0 + 1/4 + 2/4 + 3/4) / 4
        assertTrue(mean.interval().lower() < 0.375 && mean.interval().upper() > 0.375, mean.interval().toString());
        assertEquals(40, mean.prompts());
        assertEquals(2, mean.tooFew());
    }
}
