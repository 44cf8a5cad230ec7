package dev.safegate.core.judge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Qwen3Guard-Gen response moderation. The guard's policy lives in its own chat template, so the prompt is just
 * the conversation to moderate, every turn of it as user and assistant messages; the guard judges the last
 * assistant message in that context. Its answer looks like:
 * <pre>
 * Safety: Unsafe
 * Categories: Violent, Jailbreak
 * Refusal: No
 * </pre>
 * Lines may come in any order, with any casing or spacing. A missing or unreadable Safety line gives an
 * UNKNOWN verdict that keeps the raw text; a missing Refusal line leaves refusal UNKNOWN. "Refusal: Yes" is
 * reported as FULL: the guard does not tell partial refusals apart.
 */
public final class Qwen3GuardJudge implements ModelJudge {
    public static final String ID = "qwen3guard-gen";
    private static final String VERSION = "1";

    private static final Pattern SAFETY = Pattern.compile("(?im)^\\W*safety\\W*:\\s*(safe|unsafe|controversial)\\b");
    private static final Pattern CATEGORIES = Pattern.compile("(?im)^\\W*categor(?:y|ies)\\W*:[ \\t]*(.*)$");
    private static final Pattern REFUSAL = Pattern.compile("(?im)^\\W*refusal\\W*:\\s*(yes|no)\\b");

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public List<GuardPrompt> prompts(JudgeInput input) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (JudgeInput.Turn turn : input.turns()) {
            messages.add(GuardPrompt.message("user", turn.user()));
            messages.add(GuardPrompt.message("assistant", turn.answer()));
        }
        return List.of(GuardPrompt.chat(messages));
    }

    @Override
    public Verdict parse(JudgeInput input, List<String> outputs) {
        String raw = outputs.isEmpty() ? "" : outputs.get(0);
        Matcher safety = SAFETY.matcher(raw);
        if (!safety.find()) {
            return Verdict.unknown(this, raw, "no 'Safety: Safe|Unsafe|Controversial' line in the guard output");
        }
        SafetyLabel label = SafetyLabel.valueOf(safety.group(1).toUpperCase(Locale.ROOT));
        Matcher refusal = REFUSAL.matcher(raw);
        Refusal refused = !refusal.find() ? Refusal.UNKNOWN
                : refusal.group(1).equalsIgnoreCase("yes") ? Refusal.FULL : Refusal.NONE;
        return new Verdict(ID, VERSION, label, refused, categories(raw), Map.of(), raw, Optional.empty());
    }

    private static List<Category> categories(String raw) {
        Matcher line = CATEGORIES.matcher(raw);
        List<Category> categories = new ArrayList<>();
        if (!line.find()) {
            return categories;
        }
        for (String name : line.group(1).split("[,;|]")) {
            String code = name.strip();
            if (!code.isEmpty() && !code.equalsIgnoreCase("none")) {
                // A name outside the guard's list is kept, mapped to "other", rather than dropped.
                categories.add(Category.of(code, HarmCategory.fromQwen3Guard(code).orElse(HarmCategory.OTHER)));
            }
        }
        return categories;
    }
}
