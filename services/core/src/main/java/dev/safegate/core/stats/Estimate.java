package dev.safegate.core.stats;

import java.util.Locale;

/**
 * A ratio-of-sums estimate (a mean over images, a rate among some of them) with its interval.
 *
 * @param units the units it is computed over (images with a region, confident predictions)
 */
public record Estimate(double value, Interval interval, int units) {

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f %s (n=%d)", value, interval, units);
    }
}
