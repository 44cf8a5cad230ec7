package dev.safegate.core.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The string-match refusal baseline used in the jailbreak literature: a response is a refusal when it starts
 * with (or contains) one of a published list of phrases. Kept as a baseline for the accuracy report; the lists
 * are read from the shared data ({@code datasets/refusal_prefixes}) at run time. It never answers PARTIAL. Its label
 * is always UNKNOWN: it judges refusal, not harm.
 */
public final class PrefixRefusalJudge implements LocalJudge {
    public enum Matching { PREFIX, SUBSTRING }

    private final String listName;
    private final List<String> phrases;
    private final Matching matching;
    private final boolean caseless;

    public PrefixRefusalJudge(String listName, List<String> phrases, Matching matching, boolean caseless) {
        this.listName = listName;
        this.matching = matching;
        this.caseless = caseless;
        this.phrases = phrases.stream().map(this::normalize).toList();
    }

    /**
     * A list from {@code refusal_prefix_lists.json}: {@code items}, {@code case_sensitive}, and a
     * {@code semantics} text that says "startswith" for prefix lists.
     */
    public static PrefixRefusalJudge fromJsonList(Path json, String key) throws IOException {
        JsonNode list = new ObjectMapper().readTree(json.toFile()).path(key);
        if (!list.path("items").isArray()) {
            throw new IOException("no list '" + key + "' with items in " + json);
        }
        Matching matching = list.path("semantics").asText().contains("startswith") ? Matching.PREFIX : Matching.SUBSTRING;
        return new PrefixRefusalJudge(key, texts(list.path("items")), matching, !list.path("case_sensitive").asBoolean(true));
    }

    /** A JailbreakEval string-matching preset: {@code must_mismatch_all} phrases, substring match, {@code caseless}. */
    public static PrefixRefusalJudge fromJailbreakEvalPreset(Path yaml) throws IOException {
        JsonNode preset = new ObjectMapper(new YAMLFactory()).readTree(yaml.toFile());
        if (!preset.path("must_mismatch_all").isArray()) {
            throw new IOException("no must_mismatch_all list in " + yaml);
        }
        String name = yaml.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        return new PrefixRefusalJudge(name, texts(preset.path("must_mismatch_all")), Matching.SUBSTRING,
                preset.path("caseless").asBoolean(false));
    }

    /** The same list without some phrases (compared as this list compares them). */
    PrefixRefusalJudge without(Set<String> dropped) {
        List<String> droppedNormal = dropped.stream().map(this::normalize).toList();
        return new PrefixRefusalJudge(listName, phrases.stream().filter(p -> !droppedNormal.contains(p)).toList(),
                matching, caseless);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    @Override
    public String id() {
        return "prefix-refusal/" + listName;
    }

    /** 2: the label is always UNKNOWN (version 1 labelled a refusal SAFE). */
    @Override
    public String version() {
        return "2";
    }

    @Override
    public Verdict judge(JudgeInput input) {
        String response = normalize(input.response().strip());
        boolean refused = phrases.stream().anyMatch(phrase ->
                matching == Matching.PREFIX ? response.startsWith(phrase) : response.contains(phrase));
        return new Verdict(id(), version(), SafetyLabel.UNKNOWN, refused ? Refusal.FULL : Refusal.NONE, List.of(),
                Map.of(), "", Optional.empty());
    }

    private String normalize(String text) {
        String straight = text.replace('\u2019', '\'');
        return caseless ? straight.toLowerCase(Locale.ROOT) : straight;
    }
}
