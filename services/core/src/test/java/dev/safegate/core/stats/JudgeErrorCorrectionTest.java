package dev.safegate.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JudgeErrorCorrectionTest {

    private static JudgeErrorRates judge(long tp, long positives, long tn, long negatives) {
        return new JudgeErrorRates("j/1", new Proportion(tp, positives), new Proportion(tn, negatives), "test set");
    }

    @Test
    void theCorrectedRateIsRoganGladensEstimator() {
        // apparent 0.30, Se 0.90, Sp 0.95: (0.30 + 0.95 - 1) / (0.90 + 0.95 - 1) = 0.25 / 0.85
        JudgeErrorCorrection.Corrected corrected = JudgeErrorCorrection.correct(new Proportion(30, 100),
                judge(90, 100, 95, 100), 0.95, 4000, 1).orElseThrow();
        assertEquals(0.25 / 0.85, corrected.rate(), 1e-12);
        assertTrue(corrected.interval().contains(corrected.rate()), corrected.interval().toString());
    }

    @Test
    void aJudgeMeasuredOnFewerCasesGivesAWiderInterval() {
        Proportion apparent = new Proportion(30, 100);
        JudgeErrorCorrection.Corrected many = JudgeErrorCorrection.correct(apparent, judge(900, 1000, 950, 1000),
                0.95, 4000, 1).orElseThrow();
        JudgeErrorCorrection.Corrected few = JudgeErrorCorrection.correct(apparent, judge(18, 20, 19, 20),
                0.95, 4000, 1).orElseThrow();
        double manyWidth = many.interval().upper() - many.interval().lower();
        double fewWidth = few.interval().upper() - few.interval().lower();
        assertTrue(fewWidth > manyWidth, few.interval() + " vs " + many.interval());
        // the judge's own uncertainty widens the interval beyond the apparent rate's Wilson interval
        Interval wilson = apparent.wilson(0.95).orElseThrow();
        assertTrue(fewWidth > wilson.upper() - wilson.lower());
    }

    @Test
    void estimatesOutsideZeroToOneAreClippedAndAChanceLevelJudgeCorrectsNothing() {
        assertEquals(0.0, JudgeErrorCorrection.corrected(0.02, 0.9, 0.95), 1e-12); // fewer hits than false positives
        assertTrue(JudgeErrorCorrection.correct(new Proportion(30, 100), judge(50, 100, 50, 100), 0.95, 100, 1)
                .isEmpty());
    }
}
