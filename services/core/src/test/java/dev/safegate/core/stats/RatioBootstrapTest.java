package dev.safegate.core.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RatioBootstrapTest {

    @Test
    void theIntervalOfAMeanCoversItAndNarrowsWithMoreUnits() {
        List<RatioBootstrap.Unit> few = new ArrayList<>();
        List<RatioBootstrap.Unit> many = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            RatioBootstrap.Unit unit = new RatioBootstrap.Unit((i % 10) / 10.0, 1);
            many.add(unit);
            if (i < 40) {
                few.add(unit);
            }
        }
        assertEquals(0.45, RatioBootstrap.estimate(many), 1e-12);
        Interval narrow = RatioBootstrap.interval(many, 1000, 1, 0.95);
        Interval wide = RatioBootstrap.interval(few, 1000, 1, 0.95);
        assertTrue(narrow.contains(0.45) && wide.contains(0.45));
        assertTrue(narrow.upper() - narrow.lower() < wide.upper() - wide.lower());
        // the standard error of the mean is about 0.287 / sqrt(400) = 0.0144, so the 95% interval is about +-0.028
        assertEquals(0.056, narrow.upper() - narrow.lower(), 0.012);
        assertThrows(IllegalArgumentException.class,
                () -> RatioBootstrap.interval(List.of(new RatioBootstrap.Unit(0, 0)), 10, 1, 0.95));
    }

    @Test
    void pairedUnitsWithZeroWeightsCountOnlyWhereTheyWeigh() {
        // candidate: 8 of 10 confident images outside; baseline: 1 of 10; units that are confident in one run only
        List<PairedBootstrap.PairedUnit> units = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            units.add(new PairedBootstrap.PairedUnit(i < 8 ? 1 : 0, 1, i < 1 ? 1 : 0, 1));
        }
        units.add(new PairedBootstrap.PairedUnit(1, 1, 0, 0));
        units.add(new PairedBootstrap.PairedUnit(0, 0, 0, 1));
        PairedBootstrap.Result result = PairedBootstrap.runOnUnits(units, 2000, 3, 0.95);
        assertEquals(9.0 / 11 - 1.0 / 11, result.difference(), 1e-12);
        assertTrue(result.interval().lower() > 0.3, result.interval().toString());
        assertTrue(result.pValue() < 0.01);
        assertThrows(IllegalArgumentException.class, () -> PairedBootstrap.runOnUnits(
                List.of(new PairedBootstrap.PairedUnit(1, 1, 0, 0)), 10, 1, 0.95));
    }
}
