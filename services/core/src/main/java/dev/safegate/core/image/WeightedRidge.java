package dev.safegate.core.image;

import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Weighted ridge regression with an unpenalised intercept, as LIME fits its local surrogate (scikit-learn's
 * {@code Ridge(alpha)} with sample weights), and the weighted R^2 that LIME reports as the explanation's score.
 *
 * <p>Solved with commons-math3 (already core's statistics library) by the standard augmentation: rows scaled by
 * sqrt(weight), plus one row sqrt(alpha) * e_k per coefficient with target 0, then ordinary least squares by QR
 * (numerically stabler than the normal equations). EJML and Hipparchus would do as well; neither is needed.
 */
public final class WeightedRidge {

    /** @param fidelity weighted R^2 of the fit on its own samples: how well the linear surrogate follows the model */
    public record Fit(double intercept, double[] coefficients, double fidelity) {
    }

    private WeightedRidge() {
    }

    /**
     * @param features one row per sample (0/1 superpixel indicators here)
     * @param targets  the model's probability of the explained class per sample
     * @param weights  the kernel weight per sample
     */
    public static Fit fit(double[][] features, double[] targets, double[] weights, double alpha) {
        int n = features.length;
        if (n == 0 || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("need as many targets and weights as samples (" + n + ")");
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        int k = features[0].length;
        double[][] x = new double[n + k][k + 1];
        double[] y = new double[n + k];
        for (int i = 0; i < n; i++) {
            double root = Math.sqrt(weights[i]);
            x[i][0] = root;
            for (int j = 0; j < k; j++) {
                x[i][j + 1] = root * features[i][j];
            }
            y[i] = root * targets[i];
        }
        double penalty = Math.sqrt(alpha);
        for (int j = 0; j < k; j++) {
            x[n + j][j + 1] = penalty;
        }
        OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
        ols.setNoIntercept(true);
        ols.newSampleData(y, x);
        double[] beta = ols.estimateRegressionParameters();
        double[] coefficients = java.util.Arrays.copyOfRange(beta, 1, beta.length);
        return new Fit(beta[0], coefficients, weightedR2(features, targets, weights, beta));
    }

    private static double weightedR2(double[][] features, double[] targets, double[] weights, double[] beta) {
        double totalWeight = 0;
        double weightedMean = 0;
        for (int i = 0; i < targets.length; i++) {
            totalWeight += weights[i];
            weightedMean += weights[i] * targets[i];
        }
        weightedMean /= totalWeight;
        double residual = 0;
        double total = 0;
        for (int i = 0; i < targets.length; i++) {
            double predicted = beta[0];
            for (int j = 0; j < features[i].length; j++) {
                predicted += beta[j + 1] * features[i][j];
            }
            residual += weights[i] * (targets[i] - predicted) * (targets[i] - predicted);
            total += weights[i] * (targets[i] - weightedMean) * (targets[i] - weightedMean);
        }
        // A model whose output never moves is fitted by the intercept up to rounding (scikit-learn scores an exact fit of constant targets 1.0).
        return total == 0 ? (residual <= 1e-12 * totalWeight ? 1.0 : 0.0) : 1.0 - residual / total;
    }
}
