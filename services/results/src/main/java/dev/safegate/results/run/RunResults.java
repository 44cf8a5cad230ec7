package dev.safegate.results.run;

import dev.safegate.core.stats.Observation;
import dev.safegate.results.analysis.RunAnalysis;
import dev.safegate.results.analysis.WhiteBoxScores;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.VerdictRow;
import dev.safegate.results.store.VerdictStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's observations, read from its stored verdicts, with the white-box scores of its tasks. Finished runs do not
 * change, so their observations are kept for the latest few runs (the gauges and reports ask for the same runs again
 * and again), as long as no direction is added (projections are onto a family's current directions).
 */
@ApplicationScoped
public class RunResults {
    private static final int CACHED_RUNS = 32;

    private final VerdictStore verdicts;
    private final WhiteBoxScores whiteBoxScores;
    private final Map<String, List<Observation>> finished = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Observation>> eldest) {
            return size() > CACHED_RUNS;
        }
    };

    public RunResults(VerdictStore verdicts, WhiteBoxScores whiteBoxScores) {
        this.verdicts = verdicts;
        this.whiteBoxScores = whiteBoxScores;
    }

    public List<Observation> observations(RunRecord run) {
        String key = run.runId() + "@" + whiteBoxScores.stamp();
        if (run.state().isFinal()) {
            synchronized (finished) {
                List<Observation> cached = finished.get(key);
                if (cached != null) {
                    return cached;
                }
            }
        }
        List<VerdictRow> rows = verdicts.allOf(run.runId()).stream()
                .filter(r -> run.judgeIds().isEmpty() || run.judgeIds().contains(r.judgeId()))
                .toList();
        List<Observation> observations = List.copyOf(RunAnalysis.observations(rows, run.judgeIds(),
                whiteBoxScores.of(run.runId(), run.model())));
        if (run.state().isFinal()) {
            synchronized (finished) {
                finished.put(key, observations);
            }
        }
        return observations;
    }
}
