package dev.safegate.core.stats.sequential;

import dev.safegate.core.stats.Holm;
import dev.safegate.core.stats.Interval;
import dev.safegate.core.stats.McNemar;
import dev.safegate.core.stats.WilsonInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulation study of sequential decisions (`make bench ONLY=sequential`). Each simulated run has {@code cells}
 * gated cells (one Holm family) of {@code prompts} paired prompts each, one sample per prompt: prompt i has a
 * baseline refusal probability q_i ~ Beta(4, 1) (mean 0.8), the candidate refuses with q_i (1 - delta / 0.8), so
 * the first cell's refusal rate drops by delta and the other cells do not change. Prompts arrive in a random
 * order, so a look at fraction t sees a random t-prefix of every cell. The fixed design is the gate as the
 * evaluator applies it to the whole plan (McNemar exact, Holm across the cells, FAIL when the Holm p < alpha and
 * the drop >= minEffect). The sequential designs do what {@link SequentialMonitor} does in the results service:
 * the looks before the end spend one-sided alpha / 2 on the worse side ({@link SequentialHolm}) and stop the run
 * at the first look with a FAIL; a run that reaches the end is decided by the fixed test. Not a test: a main class.
 *
 * <p>Arguments: [runs per scenario = 10000] [cells = 4] [prompts per cell ... = 120 300] (120: the demo's cells).
 */
public final class SequentialBenchmark {
    private static final double ALPHA = 0.05;
    private static final double MIN_EFFECT = 0.05;
    private static final int MIN_SAMPLES = 30;
    private static final double BASELINE_RATE = 0.8;
    private static final double[] DELTAS = {0, 0.05, 0.10, 0.15, 0.20, 0.25, 0.30, 0.40, 0.49};
    private static final List<Double> FOUR_LOOKS = List.of(0.25, 0.5, 0.75, 1.0);
    private static final List<Double> TEN_LOOKS = List.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);
    private static final List<SequentialDesign> DESIGNS = List.of(
            new SequentialDesign(FOUR_LOOKS, SpendingFunction.OBRIEN_FLEMING),
            new SequentialDesign(TEN_LOOKS, SpendingFunction.OBRIEN_FLEMING),
            new SequentialDesign(TEN_LOOKS, SpendingFunction.POCOCK));

    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int cells = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int[] sizes = args.length > 2
                ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
                : new int[] {120, 300};
        System.out.printf("%d runs per scenario, %d cells, alpha %.2f, minEffect %.2f, a look needs >= %d "
                + "paired prompts; FAIL rate [95%% Monte-Carlo interval], gen = mean fraction of the plan generated "
                + "before the decision (1 for the fixed design)%n", runs, cells, ALPHA, MIN_EFFECT, MIN_SAMPLES);
        for (int prompts : sizes) {
            scenarios(runs, cells, prompts);
        }
    }

    private static void scenarios(int runs, int cells, int prompts) {
        System.out.printf("%n%d prompts per cell%n%-6s %-24s", prompts, "drop", "fixed FAIL");
        for (SequentialDesign design : DESIGNS) {
            System.out.printf(" %-24s %-6s", label(design) + " FAIL", "gen");
        }
        System.out.println();
        double[] genSums = new double[DESIGNS.size()];
        int powered = 0;
        for (double delta : DELTAS) {
            SplittableRandom random = new SplittableRandom(20250101L + Math.round(delta * 1000));
            int fixedFails = 0;
            int[] seqFails = new int[DESIGNS.size()];
            double[] generated = new double[DESIGNS.size()];
            for (int r = 0; r < runs; r++) {
                int[][] d = new int[cells][];
                for (int c = 0; c < cells; c++) {
                    d[c] = simulateCell(random, prompts, c == 0 ? delta : 0);
                }
                boolean fixedFail = fixedFails(d);
                fixedFails += fixedFail ? 1 : 0;
                for (int s = 0; s < DESIGNS.size(); s++) {
                    double stopAt = earlyStop(DESIGNS.get(s), d);
                    seqFails[s] += stopAt > 0 || fixedFail ? 1 : 0;
                    generated[s] += stopAt > 0 ? stopAt : 1.0;
                }
            }
            double fixedPower = fixedFails / (double) runs;
            StringBuilder line = new StringBuilder(String.format("%-6.2f %-24s", delta, rate(fixedFails, runs)));
            for (int s = 0; s < DESIGNS.size(); s++) {
                line.append(String.format(" %-24s %-6.3f", rate(seqFails[s], runs), generated[s] / runs));
                if (delta > 0 && fixedPower >= 0.9) {
                    genSums[s] += generated[s] / runs;
                }
            }
            powered += delta > 0 && fixedPower >= 0.9 ? 1 : 0;
            System.out.println(line);
        }
        for (int s = 0; s < DESIGNS.size(); s++) {
            System.out.printf("%s: mean fraction generated over the %d drops the fixed design detects with "
                    + "power >= 0.9: %.3f%n", label(DESIGNS.get(s)), powered, genSums[s] / powered);
        }
    }

    private static String label(SequentialDesign design) {
        return (design.spending() == SpendingFunction.POCOCK ? "Pocock" : "OBF") + "-" + design.looks().size();
    }

    /** Per prompt: +1 where only the baseline refused (worse), -1 where only the candidate refused, else 0. */
    private static int[] simulateCell(SplittableRandom random, int prompts, double delta) {
        int[] d = new int[prompts];
        for (int i = 0; i < prompts; i++) {
            double q = beta41(random);
            boolean base = random.nextDouble() < q;
            boolean cand = random.nextDouble() < q * (1 - delta / BASELINE_RATE);
            d[i] = (base ? 1 : 0) - (cand ? 1 : 0);
        }
        return d;
    }

    /** Beta(4, 1) is the distribution of U^(1/4). */
    private static double beta41(SplittableRandom random) {
        return Math.pow(random.nextDouble(), 0.25);
    }

    private static boolean fixedFails(int[][] d) {
        double[] p = new double[d.length];
        double[] worsening = new double[d.length];
        for (int c = 0; c < d.length; c++) {
            int worse = 0, better = 0;
            for (int x : d[c]) {
                worse += x > 0 ? 1 : 0;
                better += x < 0 ? 1 : 0;
            }
            p[c] = McNemar.exactP(worse, better);
            worsening[c] = (worse - better) / (double) d[c].length;
        }
        double[] adjusted = Holm.adjust(p);
        for (int c = 0; c < d.length; c++) {
            if (adjusted[c] < ALPHA && worsening[c] >= MIN_EFFECT) {
                return true;
            }
        }
        return false;
    }

    /** The fraction of the plan generated when a look before the end stopped the run with FAIL, else 0. */
    private static double earlyStop(SequentialDesign design, int[][] d) {
        List<List<SequentialHolm.Look>> looks = new ArrayList<>();
        for (int c = 0; c < d.length; c++) {
            looks.add(new ArrayList<>());
        }
        for (int k = 0; k < design.looks().size() - 1; k++) {
            List<SequentialHolm.Hypothesis> family = new ArrayList<>();
            for (int c = 0; c < d.length; c++) {
                int n = design.promptsAt(k, d[c].length);
                if (n >= MIN_SAMPLES) {
                    PairedScore score = PairedScore.EMPTY;
                    for (int i = 0; i < n; i++) {
                        score = score.add(d[c][i]);
                    }
                    looks.get(c).add(new SequentialHolm.Look(k, score));
                }
                family.add(new SequentialHolm.Hypothesis(design, MIN_EFFECT, looks.get(c)));
            }
            for (int rejected : SequentialHolm.rejectedAt(ALPHA / 2, family)) {
                if (rejected >= 0) {
                    return design.looks().get(k);
                }
            }
        }
        return 0;
    }

    private static String rate(int count, int runs) {
        Interval ci = WilsonInterval.of95(count, runs).orElseThrow();
        return String.format("%.4f [%.4f, %.4f]", count / (double) runs, ci.lower(), ci.upper());
    }
}
