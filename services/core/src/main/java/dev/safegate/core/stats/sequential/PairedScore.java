package dev.safegate.core.stats.sequential;

/**
 * The paired score statistic of a sequential comparison. Each prompt contributes d = (candidate rate - baseline
 * rate) on that prompt, signed so that d > 0 is worse; Z = sum(d) / sqrt(sum(d^2)). Under no regression the d are
 * symmetric about 0, so Z is standard normal in large samples and its path over growing prefixes of a random prompt
 * order is that of a Brownian motion in the information fraction. With one sample per prompt on each side
 * d is -1, 0 or 1 and Z is McNemar's statistic (b - c) / sqrt(b + c).
 *
 * @param prompts  paired prompts summed over
 * @param sum      sum of d (so the mean worsening is sum / prompts)
 * @param sumOfSquares sum of d^2
 */
public record PairedScore(int prompts, double sum, double sumOfSquares) {
    public static final PairedScore EMPTY = new PairedScore(0, 0, 0);

    public PairedScore add(double d) {
        return new PairedScore(prompts + 1, sum + d, sumOfSquares + d * d);
    }

    /** 0 when no prompt differs (no evidence either way). */
    public double z() {
        return sumOfSquares == 0 ? 0 : sum / Math.sqrt(sumOfSquares);
    }

    /** How far the candidate moved in the worse direction on these prompts. */
    public double worsening() {
        return prompts == 0 ? 0 : sum / prompts;
    }
}
