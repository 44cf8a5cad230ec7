package dev.safegate.core.whitebox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.whitebox.DifferenceOfMeans.FittedDirection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DifferenceOfMeansTest {

    @Test
    void theDirectionIsTheDifferenceOfTheMeansScaledToLengthOne() {
        FittedDirection direction = DifferenceOfMeans.fit(List.of(new float[] {1, 2}, new float[] {3, 4}),
                List.of(new float[] {0, 0}, new float[] {2, 0}));
        // means (2, 3) and (1, 0): difference (1, 3)
        double norm = Math.sqrt(10);
        assertEquals(norm, direction.norm(), 1e-12);
        assertArrayEquals(new double[] {1 / norm, 3 / norm}, direction.unit(), 1e-12);
        assertEquals(4 / norm, direction.project(new float[] {1, 1}), 1e-12);
        assertEquals(2, direction.positives());
    }

    @Test
    void aDirectionPlantedInNoiseIsRecoveredAndSeparatesNewActivations() {
        Random random = new Random(21);
        double[] planted = unit(random, 64);
        FittedDirection direction = DifferenceOfMeans.fit(sample(random, 200, planted, 3),
                sample(random, 200, planted, 0));
        assertTrue(DifferenceOfMeans.cosine(planted, direction.unit()) > 0.9,
                "cosine " + DifferenceOfMeans.cosine(planted, direction.unit()));
        List<float[]> positives = sample(random, 100, planted, 3);
        List<float[]> negatives = sample(random, 100, planted, 0);
        double[] scores = new double[200];
        boolean[] labels = new boolean[200];
        for (int i = 0; i < 100; i++) {
            scores[i] = direction.project(positives.get(i));
            labels[i] = true;
            scores[100 + i] = direction.project(negatives.get(i));
        }
        assertTrue(Auroc.of(scores, labels) > 0.9, "AUROC " + Auroc.of(scores, labels));
    }

    @Test
    void perLayerFitsEachLayerAndNamesTheLayerAtFault() {
        Map<Integer, List<float[]>> positives = Map.of(1, List.of(new float[] {1, 0}), 2, List.of(new float[] {0, 5}));
        Map<Integer, List<float[]>> negatives = Map.of(1, List.of(new float[] {0, 0}), 2, List.of(new float[] {0, 1}));
        Map<Integer, FittedDirection> directions = DifferenceOfMeans.perLayer(positives, negatives);
        assertArrayEquals(new double[] {1, 0}, directions.get(1).unit(), 1e-12);
        assertEquals(4, directions.get(2).norm(), 1e-12);
        IllegalArgumentException same = assertThrows(IllegalArgumentException.class, () -> DifferenceOfMeans.perLayer(
                Map.of(3, List.of(new float[] {1, 1})), Map.of(3, List.of(new float[] {1, 1}))));
        assertTrue(same.getMessage().startsWith("layer 3: ") && same.getMessage().contains("same mean"),
                same.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DifferenceOfMeans.perLayer(positives, Map.of(1,
                List.of(new float[] {0, 0}))));
    }

    @Test
    void mismatchedOrMissingActivationsAreRefused() {
        IllegalArgumentException width = assertThrows(IllegalArgumentException.class, () -> DifferenceOfMeans.fit(
                List.of(new float[] {1, 2}), List.of(new float[] {1, 2}, new float[] {1, 2, 3})));
        assertTrue(width.getMessage().contains("negative activation 1"), width.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DifferenceOfMeans.fit(List.of(), List.of(new float[1])));
        FittedDirection direction = DifferenceOfMeans.fit(List.of(new float[] {1, 0}), List.of(new float[] {0, 0}));
        assertThrows(IllegalArgumentException.class, () -> direction.project(new float[3]));
    }

    @Test
    void cosineOfParallelOrthogonalAndOpposite() {
        assertEquals(1, DifferenceOfMeans.cosine(new double[] {1, 2}, new double[] {2, 4}), 1e-12);
        assertEquals(0, DifferenceOfMeans.cosine(new double[] {1, 0}, new double[] {0, 3}), 1e-12);
        assertEquals(-1, DifferenceOfMeans.cosine(new double[] {1, 1}, new double[] {-1, -1}), 1e-12);
    }

    static double[] unit(Random random, int hidden) {
        double[] vector = new double[hidden];
        double squares = 0;
        for (int i = 0; i < hidden; i++) {
            vector[i] = random.nextGaussian();
            squares += vector[i] * vector[i];
        }
        for (int i = 0; i < hidden; i++) {
            vector[i] /= Math.sqrt(squares);
        }
        return vector;
    }

    /** Standard normal activations plus {@code strength} x the direction. */
    static List<float[]> sample(Random random, int n, double[] direction, double strength) {
        List<float[]> activations = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            float[] activation = new float[direction.length];
            for (int i = 0; i < activation.length; i++) {
                activation[i] = (float) (random.nextGaussian() + strength * direction[i]);
            }
            activations.add(activation);
        }
        return activations;
    }
}
