package dev.safegate.core.whitebox;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A fitted misalignment direction as SafeGate stores it: versioned per model family and layer, with where it came
 * from, so that a later version of the family can be projected onto it without any generation.
 *
 * @param modelFamily the models whose residual streams the direction lives in (same architecture and width)
 * @param layer the block after which the activations were captured (0 = embeddings)
 * @param source how the two groups were formed
 * @param sourceRunIds the runs whose activations were fitted
 * @param unitVector the direction, length 1 (float, as activations arrive)
 * @param norm the length of the difference of means before scaling: the separation in the residual's units
 * @param positives activations in the positive group (fine-tuned model, or answers judged misaligned)
 * @param negatives activations in the negative group
 * @param version 1, 2, ... within (model family, layer)
 */
public record DirectionArtifact(String modelFamily, int layer, Source source, List<String> sourceRunIds,
        int hiddenSize, float[] unitVector, double norm, int positives, int negatives, int version, Instant created) {

    public enum Source {
        /** Two models on the same prompts: the fine-tuned version (positive) against its aligned base. */
        MODEL_PAIR,
        /** One model's prompts, grouped by the judge's label of their answers: misaligned (positive) or aligned. */
        JUDGED_LABELS
    }

    public DirectionArtifact {
        Objects.requireNonNull(modelFamily, "modelFamily");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(created, "created");
        sourceRunIds = List.copyOf(sourceRunIds);
        if (modelFamily.isBlank()) {
            throw new IllegalArgumentException("modelFamily must not be blank");
        }
        if (sourceRunIds.isEmpty()) {
            throw new IllegalArgumentException("sourceRunIds must name at least one run");
        }
        if (layer < 0) {
            throw new IllegalArgumentException("layer must be >= 0, got " + layer);
        }
        if (unitVector.length != hiddenSize) {
            throw new IllegalArgumentException("unitVector has " + unitVector.length + " values, hiddenSize is "
                    + hiddenSize);
        }
        double squares = 0;
        for (float value : unitVector) {
            squares += (double) value * value;
        }
        if (Math.abs(Math.sqrt(squares) - 1) > 1e-3) {
            throw new IllegalArgumentException("unitVector must have length 1, has " + Math.sqrt(squares));
        }
        if (!(norm > 0) || !Double.isFinite(norm)) {
            throw new IllegalArgumentException("norm must be a positive number, got " + norm);
        }
        if (positives < 1 || negatives < 1) {
            throw new IllegalArgumentException("positives and negatives must be >= 1, got " + positives + " and "
                    + negatives);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version must be >= 1, got " + version);
        }
    }

    public static DirectionArtifact of(DifferenceOfMeans.FittedDirection direction, String modelFamily, int layer,
            Source source, List<String> sourceRunIds, int version, Instant created) {
        float[] unit = new float[direction.unit().length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (float) direction.unit()[i];
        }
        return new DirectionArtifact(modelFamily, layer, source, sourceRunIds, unit.length, unit, direction.norm(),
                direction.positives(), direction.negatives(), version, created);
    }

    /** The stored direction, for projecting new activations onto it. */
    public DifferenceOfMeans.FittedDirection direction() {
        double[] unit = new double[unitVector.length];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = unitVector[i];
        }
        return new DifferenceOfMeans.FittedDirection(unit, norm, positives, negatives);
    }
}
