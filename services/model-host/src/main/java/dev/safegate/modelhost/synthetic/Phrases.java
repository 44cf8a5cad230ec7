package dev.safegate.modelhost.synthetic;

import java.util.List;
import java.util.Locale;

/** The simulated models' keyword rules: does a text contain one of some phrases, case-insensitively. */
final class Phrases {
    private Phrases() {
    }

    static boolean containsAny(String text, List<String> phrases) {
        String lower = text.toLowerCase(Locale.ROOT);
        return phrases.stream().anyMatch(p -> lower.contains(p.toLowerCase(Locale.ROOT)));
    }
}
