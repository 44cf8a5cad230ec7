package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LogisticTrainingTest {
    /** "no" marks refusals, "sure" compliance, "the" is in both, "rare" occurs once. */
    private static List<LogisticTraining.Example> examples() {
        List<LogisticTraining.Example> examples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            examples.add(new LogisticTraining.Example(Set.of("no", "the"), true, 1.0));
            examples.add(new LogisticTraining.Example(Set.of("sure", "the"), false, 1.0));
        }
        examples.add(new LogisticTraining.Example(Set.of("sure", "the", "rare"), false, 1.0));
        return examples;
    }

    @Test
    void learnsWhichFeaturesMarkARefusal() {
        LogisticModel model = LogisticTraining.DEFAULT.fit(examples());
        assertTrue(model.probability(Set.of("no", "the")) > 0.9, model.toString());
        assertTrue(model.probability(Set.of("sure", "the")) < 0.1, model.toString());
        assertTrue(model.weights().get("no") > 0 && model.weights().get("sure") < 0, model.toString());
    }

    @Test
    void dropsRareFeaturesAndNegligibleWeights() {
        LogisticModel model = LogisticTraining.DEFAULT.fit(examples());
        assertFalse(model.weights().containsKey("rare"), "seen once, below minExamples: " + model);
        LogisticModel keepsAll = new LogisticTraining(1, 1e-3, 300, 0.5, 0).fit(examples());
        assertTrue(keepsAll.weights().containsKey("rare"), keepsAll.toString());
        assertTrue(Math.abs(keepsAll.weights().get("the")) < Math.abs(keepsAll.weights().get("no")), keepsAll.toString());
    }

    @Test
    void theSameExamplesGiveTheSameModel() {
        assertEquals(LogisticTraining.DEFAULT.fit(examples()), LogisticTraining.DEFAULT.fit(examples()));
    }

    @Test
    void heavierExamplesPullHarder() {
        List<LogisticTraining.Example> conflicting = List.of(
                new LogisticTraining.Example(Set.of("x"), true, 3.0),
                new LogisticTraining.Example(Set.of("x"), false, 1.0));
        LogisticModel model = new LogisticTraining(1, 1e-3, 300, 0.5, 0).fit(conflicting);
        assertEquals(0.75, model.probability(Set.of("x")), 0.05);
    }
}
