package dev.safegate.core.stats.sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * Holm's step-down procedure over a family of group-sequential tests (Maurer and Bretz 2013, the Holm case of their
 * graphical approach): with j hypotheses not yet rejected, each is tested with its own group-sequential boundary at
 * one-sided level alpha / j, at every look it has had so far; a rejection frees its level for the others, which
 * are then retested at alpha / (j - 1) on the same looks, and so on. This controls the family-wise false-FAIL rate
 * at alpha across all looks and all hypotheses. A hypothesis is only rejected where its estimated worsening also
 * reached the gate's minimum effect, which can only lower the error rate.
 */
public final class SequentialHolm {
    private SequentialHolm() {
    }

    /** A look taken: its index in the design and the statistic then. */
    public record Look(int index, PairedScore score) {
    }

    /** One comparison of the family and the looks it has had so far. */
    public record Hypothesis(SequentialDesign design, double minEffect, List<Look> looks) {
        public Hypothesis {
            looks = List.copyOf(looks);
        }
    }

    /** A rejected hypothesis: the look at which it first crossed, and the one-sided level it was tested at. */
    public record Rejection(int look, double level) {
    }

    /** Which hypotheses are rejected, in the order given; with the look at which each first crossed (-1: none). */
    public static int[] rejectedAt(double alpha, List<Hypothesis> family) {
        return java.util.Arrays.stream(rejections(alpha, family)).mapToInt(r -> r == null ? -1 : r.look()).toArray();
    }

    /** Per hypothesis, in the order given, its rejection, or null where it is not rejected. */
    public static Rejection[] rejections(double alpha, List<Hypothesis> family) {
        Rejection[] rejected = new Rejection[family.size()];
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < family.size(); i++) {
            open.add(i);
        }
        boolean progress = true;
        while (progress && !open.isEmpty()) {
            progress = false;
            double level = alpha / open.size();
            for (int i : List.copyOf(open)) {
                int look = firstCrossing(family.get(i), level);
                if (look >= 0) {
                    rejected[i] = new Rejection(look, level);
                    open.remove(Integer.valueOf(i));
                    progress = true;
                }
            }
        }
        return rejected;
    }

    private static int firstCrossing(Hypothesis h, double level) {
        GroupSequentialBoundary boundary = h.design().boundary(level);
        for (Look look : h.looks()) {
            if (look.score().z() >= boundary.at(look.index()) && look.score().worsening() >= h.minEffect()) {
                return look.index();
            }
        }
        return -1;
    }
}
