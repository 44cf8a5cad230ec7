package dev.safegate.results.analysis;

import dev.safegate.core.stats.Metric;
import dev.safegate.core.whitebox.TaskScores;
import dev.safegate.results.store.DirectionStore;
import dev.safegate.results.store.WhiteBoxStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;

/**
 * What each task of a run scores on the white-box metrics, from its stored outputs: the first tokens' log-ratio to
 * the reference (reference_kl), and the projection of each captured layer onto the model family's current stored
 * direction of that layer (activations). A model family is the registered model's name: its versions share the
 * directions fitted for it.
 */
@ApplicationScoped
public class WhiteBoxScores {
    private final WhiteBoxStore whiteBox;
    private final DirectionStore directions;

    public WhiteBoxScores(WhiteBoxStore whiteBox, DirectionStore directions) {
        this.whiteBox = whiteBox;
        this.directions = directions;
    }

    /** Task id -> score key ({@link Metric#scoreKey}) -> value; tasks without white-box outputs are absent. */
    public Map<String, Map<String, Double>> of(String runId, String modelFamily) {
        Map<String, Map<String, Double>> scores = new HashMap<>();
        for (WhiteBoxStore.LogProbs kl : whiteBox.logProbs(runId)) {
            TaskScores.klFirstTokens(kl.own(), kl.reference()).ifPresent(value -> scores
                    .computeIfAbsent(kl.task().taskId(), t -> new HashMap<>())
                    .put(Metric.KL_FIRST_TOKENS.scoreKey(null), value));
        }
        Map<Integer, DirectionStore.Stored> current = directions.current(modelFamily);
        if (!current.isEmpty()) {
            for (WhiteBoxStore.Activation activation : whiteBox.activations(runId)) {
                DirectionStore.Stored direction = current.get(activation.layer());
                if (direction != null && direction.artifact().hiddenSize() == activation.values().length) {
                    scores.computeIfAbsent(activation.task().taskId(), t -> new HashMap<>())
                            .put(Metric.DIRECTION_PROJECTION.scoreKey(activation.layer()),
                                    TaskScores.projection(direction.artifact(), activation.values()));
                }
            }
        }
        return scores;
    }

    /** Changes whenever the scores of a finished run may change (a direction was added). */
    public long stamp() {
        return directions.stamp();
    }
}
