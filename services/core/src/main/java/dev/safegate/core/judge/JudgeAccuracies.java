package dev.safegate.core.judge;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.safegate.core.stats.Proportion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Judges' measured accuracies, looked up by judge id, version and what they detect. The built-in judges' figures
 * ship as the generated resource {@value #RESOURCE} ({@link BuiltinJudgeAccuracy}); a deployment adds its guard
 * models' figures in a file of the same shape:
 * <pre>
 * judges:
 *   - judge: qwen3guard-gen
 *     version: "1"
 *     detects: unsafe            # or refusal
 *     labelled_set: my-red-team-set-2025
 *     true_positives: 180
 *     positives: 200             # sensitivity = 180/200
 *     true_negatives: 570
 *     negatives: 600             # specificity = 570/600
 * </pre>
 * Figures belong to one judge version: a verdict of another version has none.
 */
public final class JudgeAccuracies {
    public static final String RESOURCE = "judge-accuracy.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR))
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Key(String judgeId, String judgeVersion, JudgeAccuracy.Detects detects) {
    }

    private final Map<Key, JudgeAccuracy> byKey;

    private JudgeAccuracies(Map<Key, JudgeAccuracy> byKey) {
        this.byKey = byKey;
    }

    /** @throws IllegalArgumentException when two figures are for the same judge version and class */
    public static JudgeAccuracies of(List<JudgeAccuracy> accuracies) {
        Map<Key, JudgeAccuracy> byKey = new LinkedHashMap<>();
        for (JudgeAccuracy accuracy : accuracies) {
            if (byKey.put(key(accuracy), accuracy) != null) {
                throw new IllegalArgumentException("two entries for judge " + accuracy.judgeId() + " version "
                        + accuracy.judgeVersion() + " detecting " + accuracy.detects().yamlName());
            }
        }
        return new JudgeAccuracies(byKey);
    }

    /** The built-in judges' figures, as measured by the project's own command on the open labelled sets. */
    public static JudgeAccuracies builtIn() {
        return Shipped.ACCURACIES;
    }

    private static final class Shipped {
        static final JudgeAccuracies ACCURACIES = load();

        private static JudgeAccuracies load() {
            try (InputStream in = JudgeAccuracies.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the judge accuracy resource " + RESOURCE + " is missing");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the built-in judge accuracies", e);
            }
        }
    }

    /**
     * A deployment's file of measured figures (the shape above).
     *
     * @throws IOException naming the file and the entry when it cannot be read or an entry is invalid
     */
    public static JudgeAccuracies load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    static JudgeAccuracies parse(String yaml, String source) throws IOException {
        AccuracyFile parsed;
        try {
            parsed = YAML.readValue(yaml, AccuracyFile.class);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": " + e.getOriginalMessage(), e);
        }
        if (parsed == null || parsed.judges() == null) {
            throw new IOException(source + ": no 'judges' list");
        }
        List<JudgeAccuracy> accuracies = new ArrayList<>();
        for (int i = 0; i < parsed.judges().size(); i++) {
            try {
                accuracies.add(parsed.judges().get(i).accuracy());
            } catch (IllegalArgumentException e) {
                throw new IOException(source + ": judges[" + i + "]: " + e.getMessage(), e);
            }
        }
        try {
            return of(accuracies);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage(), e);
        }
    }

    /** These figures and {@code more}'s; where both have one for the same judge version and class, {@code more}'s. */
    public JudgeAccuracies with(JudgeAccuracies more) {
        Map<Key, JudgeAccuracy> merged = new LinkedHashMap<>(byKey);
        merged.putAll(more.byKey);
        return new JudgeAccuracies(merged);
    }

    public Optional<JudgeAccuracy> find(String judgeId, String judgeVersion, JudgeAccuracy.Detects detects) {
        return Optional.ofNullable(byKey.get(new Key(judgeId, judgeVersion, detects)));
    }

    public List<JudgeAccuracy> all() {
        return List.copyOf(byKey.values());
    }

    /** The file text: {@code header} as comment lines, then the entries in this order. */
    public String toYaml(String header) {
        StringBuilder text = new StringBuilder();
        header.lines().forEach(line -> text.append("# ").append(line).append('\n'));
        try {
            AccuracyFile file = new AccuracyFile(byKey.values().stream().map(Entry::of).toList());
            return text.append(YAML.writeValueAsString(file)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write judge accuracies", e);
        }
    }

    private static Key key(JudgeAccuracy accuracy) {
        return new Key(accuracy.judgeId(), accuracy.judgeVersion(), accuracy.detects());
    }

    private record AccuracyFile(List<Entry> judges) {
    }

    @JsonPropertyOrder({"judge", "version", "detects", "labelled_set", "true_positives", "positives", "true_negatives",
            "negatives"})
    private record Entry(String judge, String version, String detects, String labelledSet, Long truePositives,
            Long positives, Long trueNegatives, Long negatives) {

        static Entry of(JudgeAccuracy accuracy) {
            return new Entry(accuracy.judgeId(), accuracy.judgeVersion(), accuracy.detects().yamlName(),
                    accuracy.labelledSet(), accuracy.sensitivity().successes(), accuracy.sensitivity().trials(),
                    accuracy.specificity().successes(), accuracy.specificity().trials());
        }

        JudgeAccuracy accuracy() {
            return new JudgeAccuracy(judge, version, JudgeAccuracy.Detects.fromYaml(required(detects, "detects")),
                    proportion(truePositives, "true_positives", positives, "positives"),
                    proportion(trueNegatives, "true_negatives", negatives, "negatives"), labelledSet);
        }

        private static <T> T required(T value, String name) {
            if (value == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return value;
        }

        private static Proportion proportion(Long hits, String hitsName, Long trials, String trialsName) {
            long of = required(trials, trialsName);
            long hit = required(hits, hitsName);
            if (hit < 0 || hit > of) {
                throw new IllegalArgumentException("need 0 <= " + hitsName + " <= " + trialsName + ", got " + hit
                        + " of " + of);
            }
            return new Proportion(hit, of);
        }
    }
}
