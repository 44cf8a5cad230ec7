package dev.safegate.core.stats.sequential;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PairedScoreTest {
    @Test
    void withOneSamplePerPromptItIsMcNemarsStatistic() {
        PairedScore score = PairedScore.EMPTY;
        // 12 prompts only the baseline refused (worse), 3 only the candidate refused, 25 agree
        for (int i = 0; i < 12; i++) score = score.add(1);
        for (int i = 0; i < 3; i++) score = score.add(-1);
        for (int i = 0; i < 25; i++) score = score.add(0);
        assertEquals((12 - 3) / Math.sqrt(12 + 3), score.z(), 1e-12);
        assertEquals(9 / 40.0, score.worsening(), 1e-12);
        assertEquals(40, score.prompts());
    }

    @Test
    void noDifferenceIsNoEvidence() {
        assertEquals(0, PairedScore.EMPTY.add(0).add(0).z());
        assertEquals(0, PairedScore.EMPTY.worsening());
    }
}
