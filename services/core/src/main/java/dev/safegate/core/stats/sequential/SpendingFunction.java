package dev.safegate.core.stats.sequential;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Lan-DeMets alpha-spending functions: how much of a one-sided level {@code alpha} may be spent by information
 * fraction {@code t} (0 < t <= 1; all of it at t = 1). Because only the fraction decides the spend, looks may fall at
 * any information times fixed in advance, and a look that is skipped simply leaves its alpha to the next one.
 */
public enum SpendingFunction {
    /** O'Brien-Fleming type: 2 - 2 Phi(z_{1-alpha/2} / sqrt(t)); almost nothing early, nearly all alpha at the end. */
    OBRIEN_FLEMING,
    /** Pocock type: alpha ln(1 + (e - 1) t); spends evenly, so it stops strong regressions earlier. */
    POCOCK;

    private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

    /** As the policy YAML writes it: {@code obrien_fleming} or {@code pocock} (any case, '-' for '_'). */
    @JsonCreator
    public static SpendingFunction fromYaml(String name) {
        String constant = name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        return java.util.Arrays.stream(values()).filter(f -> f.name().equals(constant)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown spending function '" + name
                        + "' (known: obrien_fleming, pocock)"));
    }

    public double spent(double alpha, double t) {
        if (!(t > 0 && t <= 1)) {
            throw new IllegalArgumentException("information fraction must lie in (0, 1], got " + t);
        }
        return switch (this) {
            case OBRIEN_FLEMING -> 2 * (1 - NORMAL.cumulativeProbability(
                    NORMAL.inverseCumulativeProbability(1 - alpha / 2) / Math.sqrt(t)));
            case POCOCK -> alpha * Math.log(1 + (Math.E - 1) * t);
        };
    }
}
