package dev.safegate.results.analysis;

import dev.safegate.core.judge.RubricJudge;
import dev.safegate.core.whitebox.DifferenceOfMeans;
import dev.safegate.core.whitebox.DirectionArtifact;
import dev.safegate.results.api.ProblemException;
import dev.safegate.results.store.WhiteBoxStore;
import dev.safegate.results.store.VerdictStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Fits misalignment directions from stored activations (core {@link DifferenceOfMeans}), per layer:
 * <ul>
 * <li>model pair: the activations of one run (the fine-tuned model, positive) minus those of another (its aligned
 * base, negative), on the prompts both runs captured;</li>
 * <li>judged labels: one run's prompts whose answers the rubric judge labelled misaligned (positive) minus those it
 * labelled aligned (negative).</li>
 * </ul>
 * Requests that cannot give a direction (no activations, an empty group, equal means) are 422 problems saying why.
 */
@ApplicationScoped
public class DirectionFitter {
    private final WhiteBoxStore whiteBox;
    private final VerdictStore verdicts;

    public DirectionFitter(WhiteBoxStore whiteBox, VerdictStore verdicts) {
        this.whiteBox = whiteBox;
        this.verdicts = verdicts;
    }

    /** @param layers the layers to fit; empty for every layer both groups have */
    public List<DirectionArtifact> modelPair(String modelFamily, List<Integer> layers, String positiveRun,
                                             String negativeRun) {
        Map<Integer, Map<String, float[]>> positive = byLayerAndPrompt(positiveRun);
        Map<Integer, Map<String, float[]>> negative = byLayerAndPrompt(negativeRun);
        List<DirectionArtifact> fitted = new ArrayList<>();
        for (int layer : layers(layers, positive.keySet(), negative.keySet())) {
            Set<String> common = new TreeSet<>(positive.get(layer).keySet());
            common.retainAll(negative.get(layer).keySet());
            if (common.isEmpty()) {
                throw ProblemException.unprocessable("runs " + positiveRun + " and " + negativeRun
                        + " captured no prompt in common at layer " + layer);
            }
            fitted.add(fit(modelFamily, layer, DirectionArtifact.Source.MODEL_PAIR, List.of(positiveRun, negativeRun),
                    common.stream().map(positive.get(layer)::get).toList(),
                    common.stream().map(negative.get(layer)::get).toList()));
        }
        return fitted;
    }

    /** @param layers the layers to fit; empty for every layer the run captured */
    public List<DirectionArtifact> judgedLabels(String modelFamily, List<Integer> layers, String run) {
        Map<String, String> labels = verdicts.labelsByTask(run, RubricJudge.ID);
        if (labels.isEmpty()) {
            throw ProblemException.unprocessable("run " + run + " has no verdicts of the rubric judge " + RubricJudge.ID
                    + " (plan it among the run's judges)");
        }
        Map<Integer, List<float[]>> misaligned = new TreeMap<>();
        Map<Integer, List<float[]>> aligned = new TreeMap<>();
        for (WhiteBoxStore.Activation activation : activations(run)) {
            String label = labels.getOrDefault(activation.task().taskId(), "UNKNOWN");
            if (label.equals("UNSAFE") || label.equals("SAFE")) {
                (label.equals("UNSAFE") ? misaligned : aligned)
                        .computeIfAbsent(activation.layer(), l -> new ArrayList<>()).add(activation.values());
            }
        }
        List<DirectionArtifact> fitted = new ArrayList<>();
        Set<Integer> captured = new TreeSet<>(misaligned.keySet());
        captured.addAll(aligned.keySet());
        for (int layer : layers(layers, captured, captured)) {
            List<float[]> positive = misaligned.getOrDefault(layer, List.of());
            List<float[]> negative = aligned.getOrDefault(layer, List.of());
            if (positive.isEmpty() || negative.isEmpty()) {
                throw ProblemException.unprocessable("run " + run + " at layer " + layer + ": the rubric judge labelled "
                        + positive.size() + " answers misaligned and " + negative.size()
                        + " aligned; a direction needs both");
            }
            fitted.add(fit(modelFamily, layer, DirectionArtifact.Source.JUDGED_LABELS, List.of(run), positive,
                    negative));
        }
        return fitted;
    }

    private static DirectionArtifact fit(String modelFamily, int layer, DirectionArtifact.Source source,
                                         List<String> runs, List<float[]> positive, List<float[]> negative) {
        try {
            return DirectionArtifact.of(DifferenceOfMeans.fit(positive, negative), modelFamily, layer, source, runs, 1,
                    Instant.now());
        } catch (IllegalArgumentException e) {
            throw ProblemException.unprocessable("layer " + layer + ": " + e.getMessage());
        }
    }

    private List<WhiteBoxStore.Activation> activations(String run) {
        List<WhiteBoxStore.Activation> activations = whiteBox.activations(run);
        if (activations.isEmpty()) {
            throw ProblemException.unprocessable("run " + run + " has no stored activations (plan the activations "
                    + "condition)");
        }
        return activations;
    }

    /** Layer -> prompt (suite, condition, prompt, sample) -> activation. */
    private Map<Integer, Map<String, float[]>> byLayerAndPrompt(String run) {
        Map<Integer, Map<String, float[]>> byLayer = new TreeMap<>();
        for (WhiteBoxStore.Activation a : activations(run)) {
            byLayer.computeIfAbsent(a.layer(), l -> new HashMap<>()).put(a.task().suite() + "\u0000"
                    + a.task().condition() + "\u0000" + a.task().promptId() + "\u0000" + a.task().sampleIndex(),
                    a.values());
        }
        return byLayer;
    }

    private static Set<Integer> layers(List<Integer> asked, Set<Integer> positive, Set<Integer> negative) {
        Set<Integer> both = new TreeSet<>(positive);
        both.retainAll(negative);
        if (asked.isEmpty()) {
            if (both.isEmpty()) {
                throw ProblemException.unprocessable("the two groups captured no layer in common");
            }
            return both;
        }
        List<Integer> missing = asked.stream().filter(l -> !both.contains(l)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.unprocessable("layer(s) " + missing + " not captured by both groups (captured: "
                    + both + ")");
        }
        return new TreeSet<>(asked);
    }
}
