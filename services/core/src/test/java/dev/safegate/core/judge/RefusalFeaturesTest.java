package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;

class RefusalFeaturesTest {
    @Test
    void openingNgramsStartWordsPatternsAndTheRulesVerdict() {
        Set<String> features = RefusalFeatures.of("I\u2019m sorry, but I cannot help with that.", Refusal.FULL);
        assertTrue(features.containsAll(Set.of("o1:sorry", "o2:i'm sorry", "o3:but i cannot", "s0:i'm", "s1:sorry",
                "p:sorry-but", "p:decline", "rules:FULL", "len:4")), features.toString());
        assertFalse(features.contains("shape:list"), features.toString());
    }

    @Test
    void theClosingAndTheShapeAreSeparateFromTheOpening() {
        String longAnswer = "Here is how. " + "step ".repeat(RefusalFeatures.OPENING_TOKENS)
                + "\n1. first\n2. second\nLet me know if you need anything else";
        Set<String> features = RefusalFeatures.of(longAnswer, Refusal.NONE);
        assertTrue(features.containsAll(Set.of("c2:anything else", "c1:else", "shape:list", "rules:NONE")),
                features.toString());
        assertFalse(features.contains("o1:else"), "beyond the opening: " + features);
    }
}
