package dev.safegate.core.stats.sequential;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * How a gate's comparison is monitored while a run is generated (the {@code sequential:} block of a gate in the
 * policy YAML): the looks, as fractions of the gated cell's planned paired prompts, and the alpha-spending function.
 */
public record SequentialDesign(List<Double> looks, SpendingFunction spending) {
    /** Where the YAML names no looks: four equally spaced ones. */
    public SequentialDesign(@JsonProperty("looks") List<Double> looks,
                            @JsonProperty("spending") SpendingFunction spending) {
        this.looks = List.copyOf(Objects.requireNonNullElse(looks, DEFAULT_LOOKS));
        this.spending = Objects.requireNonNullElse(spending, SpendingFunction.OBRIEN_FLEMING);
        GroupSequentialBoundary.validate(this.looks);
    }

    /** Where the YAML names no looks: four equally spaced ones. */
    private static final List<Double> DEFAULT_LOOKS = List.of(0.25, 0.5, 0.75, 1.0);

    /** The boundary of this design at one-sided level {@code alpha}. */
    public GroupSequentialBoundary boundary(double alpha) {
        return GroupSequentialBoundary.of(alpha, spending, looks);
    }

    /** The paired prompts look k needs: ceil(t_k * planned). */
    public int promptsAt(int look, int planned) {
        return (int) Math.ceil(looks.get(look) * planned - 1e-9);
    }
}
