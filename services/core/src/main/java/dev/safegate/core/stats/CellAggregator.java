package dev.safegate.core.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Groups observations into cells (each suite x condition x category, the suite x condition totals, the overall). */
public final class CellAggregator {
    private CellAggregator() {
    }

    /** The cells the observations fall into, in {@link CellKey} order (totals after their parts). */
    public static SortedSet<CellKey> cellKeys(List<Observation> observations) {
        SortedSet<CellKey> keys = new TreeSet<>();
        for (Observation o : observations) {
            keys.add(new CellKey(o.suite(), o.condition(), o.category()));
            keys.add(CellKey.totalOf(o.suite(), o.condition()));
            keys.add(CellKey.OVERALL);
        }
        return keys;
    }

    public static List<CellStats> aggregate(List<Observation> observations) {
        Map<CellKey, List<Observation>> byCell = new TreeMap<>();
        for (CellKey key : cellKeys(observations)) {
            byCell.put(key, inCell(observations, key));
        }
        List<CellStats> result = new ArrayList<>();
        byCell.forEach((key, members) -> result.add(stats(key, members)));
        return result;
    }

    public static List<Observation> inCell(List<Observation> observations, CellKey key) {
        return observations.stream().filter(key::contains).toList();
    }

    static CellStats stats(CellKey key, List<Observation> members) {
        int errors = (int) members.stream().filter(Observation::error).count();
        int unknowns = (int) members.stream()
                .filter(o -> !o.error() && o.label() == Observation.SafetyLabel.UNKNOWN).count();
        int prompts = (int) members.stream().map(o -> o.suite() + "\u0000" + o.promptId()).distinct().count();
        List<Observation> refusalKnown = members.stream().filter(Observation::refusalKnown).toList();
        List<Observation> labelKnown = members.stream().filter(Observation::labelKnown).toList();
        return new CellStats(key, members.size(), prompts, errors, unknowns,
                count(refusalKnown, Observation::refused),
                count(refusalKnown, o -> o.refusal() == Observation.Refusal.PARTIAL),
                Metric.REFUSAL_RATE.over(members),
                Metric.OVER_REFUSAL.over(members),
                Metric.UNSAFE_RATE.over(members),
                count(labelKnown, o -> o.label() == Observation.SafetyLabel.CONTROVERSIAL),
                Metric.MISALIGNMENT_RATE.over(members),
                firstUnsafeTurns(members));
    }

    private static java.util.SortedMap<Integer, Integer> firstUnsafeTurns(List<Observation> members) {
        java.util.SortedMap<Integer, Integer> turns = new TreeMap<>();
        members.stream().filter(o -> !o.error() && o.firstUnsafeTurn() > 0)
                .forEach(o -> turns.merge(o.firstUnsafeTurn(), 1, Integer::sum));
        return turns;
    }

    private static Proportion count(List<Observation> denominator, java.util.function.Predicate<Observation> hit) {
        return new Proportion(denominator.stream().filter(hit).count(), denominator.size());
    }
}
