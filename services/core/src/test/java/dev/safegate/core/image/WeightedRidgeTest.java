package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.junit.jupiter.api.Test;

class WeightedRidgeTest {

    @Test
    void equalsTheSolutionOfTheWeightedRidgeNormalEquationsWithAnUnpenalisedIntercept() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 80;
        int k = 6;
        double alpha = 2.5;
        double[][] x = new double[n][k];
        double[] y = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                x[i][j] = random.nextBoolean() ? 1 : 0;
            }
            y[i] = 0.2 + 0.3 * x[i][0] - 0.1 * x[i][3] + 0.05 * random.nextGaussian();
            w[i] = 0.1 + random.nextDouble();
        }
        // (A' W A + alpha D) beta = A' W y with A = [1 | x] and D = diag(0, 1, ..., 1)
        RealMatrix a = new Array2DRowRealMatrix(n, k + 1);
        for (int i = 0; i < n; i++) {
            a.setEntry(i, 0, 1);
            for (int j = 0; j < k; j++) {
                a.setEntry(i, j + 1, x[i][j]);
            }
        }
        RealMatrix weighted = a.copy();
        for (int i = 0; i < n; i++) {
            weighted.setRowVector(i, a.getRowVector(i).mapMultiply(w[i]));
        }
        RealMatrix normal = a.transpose().multiply(weighted);
        for (int j = 1; j <= k; j++) {
            normal.addToEntry(j, j, alpha);
        }
        RealVector rhs = weighted.transpose().operate(new ArrayRealVector(y));
        RealVector expected = new LUDecomposition(normal).getSolver().solve(rhs);

        WeightedRidge.Fit fit = WeightedRidge.fit(x, y, w, alpha);
        assertEquals(expected.getEntry(0), fit.intercept(), 1e-9);
        for (int j = 0; j < k; j++) {
            assertEquals(expected.getEntry(j + 1), fit.coefficients()[j], 1e-9);
        }
        // weighted R^2 from its definition
        double mean = 0, total = 0;
        for (int i = 0; i < n; i++) {
            mean += w[i] * y[i];
            total += w[i];
        }
        mean /= total;
        double residual = 0, spread = 0;
        for (int i = 0; i < n; i++) {
            double predicted = expected.getEntry(0);
            for (int j = 0; j < k; j++) {
                predicted += expected.getEntry(j + 1) * x[i][j];
            }
            residual += w[i] * Math.pow(y[i] - predicted, 2);
            spread += w[i] * Math.pow(y[i] - mean, 2);
        }
        assertEquals(1 - residual / spread, fit.fidelity(), 1e-9);
    }

    @Test
    void aModelThatIgnoresEverySuperpixelHasNoAttributionAndAPerfectFit() {
        double[][] x = {{1, 0}, {0, 1}, {1, 1}, {0, 0}};
        WeightedRidge.Fit fit = WeightedRidge.fit(x, new double[] {0.7, 0.7, 0.7, 0.7}, new double[] {1, 1, 1, 1}, 1);
        assertEquals(0.7, fit.intercept(), 1e-12);
        assertEquals(0, fit.coefficients()[0], 1e-12);
        assertEquals(1.0, fit.fidelity(), 1e-12);
    }
}
