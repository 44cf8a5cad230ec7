package dev.safegate.core.judge;

import dev.safegate.core.SharedData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The judges that need no model, by id: the refusal judge, its phrase rules alone and, when the shared data is
 * there, the string-match baselines.
 */
public final class BuiltinJudges {
    static final String PREFIX_LISTS = "datasets/refusal_prefixes/refusal_prefix_lists.json";
    static final String XSTEST_PREFIXES = "xstest_strmatch_refusal_prefixes";
    static final String LLM_ATTACKS_PRESET = "datasets/refusal_prefixes/StringMatching-zou2023universal.yaml";

    private BuiltinJudges() {
    }

    /** {@code builtin-refusal} first, then its phrase rules alone, then the baselines found in the shared data. */
    public static List<LocalJudge> all() {
        List<LocalJudge> judges = new ArrayList<>();
        judges.add(LearnedRefusalJudge.shipped());
        judges.add(new RefusalJudge());
        try {
            Optional<Path> lists = SharedData.resolve(PREFIX_LISTS);
            if (lists.isPresent()) {
                judges.add(PrefixRefusalJudge.fromJsonList(lists.get(), XSTEST_PREFIXES));
                judges.add(PrefixRefusalJudge.fromJsonList(lists.get(), "princeton_jailbreak_llm_test_prefixes"));
            }
            Optional<Path> preset = SharedData.resolve(LLM_ATTACKS_PRESET);
            if (preset.isPresent()) {
                judges.add(PrefixRefusalJudge.fromJailbreakEvalPreset(preset.get()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a refusal prefix list", e);
        }
        return judges;
    }

    public static LocalJudge byId(String id) {
        if (LearnedRefusalJudge.ID.equals(id)) {
            return LearnedRefusalJudge.shipped(); // these two need no shared data
        }
        if (RefusalJudge.ID.equals(id)) {
            return new RefusalJudge();
        }
        List<LocalJudge> judges = all();
        return judges.stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown built-in judge '" + id + "'; known: "
                        + judges.stream().map(Judge::id).toList()));
    }
}
