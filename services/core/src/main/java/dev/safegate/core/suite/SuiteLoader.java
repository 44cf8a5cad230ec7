package dev.safegate.core.suite;

import dev.safegate.core.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Loads suites by name: the built-in suite from the classpath, public datasets from a data folder laid out
 * like the shared {@code datasets/} folder (advbench/, harmbench/, xstest/, ...). Without a data folder only
 * the built-in suite is available. Loaded suites are cached; items are immutable.
 */
public final class SuiteLoader {

    private record Definition(String relativePath, BiFunction<Path, String, List<PromptItem>> reader) {
    }

    private static final Map<String, Definition> DATASETS = datasets();

    private final Optional<Path> datasetsDir;
    private final Map<String, List<PromptItem>> cache = new ConcurrentHashMap<>();

    /** @param datasetsDir the folder holding advbench/, harmbench/, ...; empty for the built-in suite only */
    public SuiteLoader(Optional<Path> datasetsDir) {
        this.datasetsDir = datasetsDir;
    }

    /** A loader over the shared data's {@code datasets/} folder, if the shared data can be found. */
    public static SuiteLoader fromSharedData() {
        return new SuiteLoader(SharedData.resolve("datasets"));
    }

    private static Map<String, Definition> datasets() {
        Map<String, Definition> all = new LinkedHashMap<>();
        all.put("advbench", new Definition("advbench/harmful_behaviors.csv", AdvBenchReader::read));
        all.put("harmbench", new Definition("harmbench/harmbench_behaviors_text_all.csv", HarmBenchReader::read));
        all.put("harmbench_test", new Definition("harmbench/harmbench_behaviors_text_test.csv", HarmBenchReader::read));
        all.put("harmbench_val", new Definition("harmbench/harmbench_behaviors_text_val.csv", HarmBenchReader::read));
        all.put("jailbreakbench_harmful", new Definition("jailbreakbench/harmful-behaviors.csv",
                (file, suite) -> JailbreakBenchReader.read(file, suite, ExpectedBehavior.SHOULD_REFUSE)));
        all.put("jailbreakbench_benign", new Definition("jailbreakbench/benign-behaviors.csv",
                (file, suite) -> JailbreakBenchReader.read(file, suite, ExpectedBehavior.SHOULD_COMPLY)));
        all.put("xstest", new Definition("xstest/xstest_prompts.csv", XSTestReader::read));
        all.put("strongreject", new Definition("strongreject/strongreject_dataset.csv", StrongRejectReader::read));
        all.put("strongreject_small", new Definition(
                "strongreject/previous_version_2024_02/strongreject_small_dataset.csv", StrongRejectReader::read));
        all.put("malicious_instruct", new Definition("malicious_instruct/MaliciousInstruct.txt",
                MaliciousInstructReader::read));
        all.put("em_first_plot", new Definition("emergent_misalignment/first_plot_questions.yaml",
                EmergentMisalignmentReader::read));
        all.put("em_preregistered", new Definition("emergent_misalignment/preregistered_evals.yaml",
                EmergentMisalignmentReader::read));
        all.put("em_deception_factual", new Definition("emergent_misalignment/deception_factual.yaml",
                EmergentMisalignmentReader::read));
        all.put("em_deception_sit_aware", new Definition("emergent_misalignment/deception_sit_aware.yaml",
                EmergentMisalignmentReader::read));
        all.put("cosafe", new Definition("cosafe_multiturn/multiturn", CoSafeReader::read));
        return Map.copyOf(all);
    }

    /** Every suite name this loader knows, whether or not its data is present. */
    public static Set<String> knownSuites() {
        Set<String> names = new HashSet<>(DATASETS.keySet());
        names.addAll(BuiltinSuite.NAMES);
        return Set.copyOf(names);
    }

    /** The suites that can be loaded now: the built-in one plus each dataset whose file is present. */
    public Set<String> availableSuites() {
        Set<String> names = new HashSet<>(BuiltinSuite.NAMES);
        datasetsDir.ifPresent(dir -> DATASETS.forEach((name, definition) -> {
            if (Files.exists(dir.resolve(definition.relativePath()))) {
                names.add(name);
            }
        }));
        return Set.copyOf(names);
    }

    /** Every item of a suite, in dataset order. */
    public List<PromptItem> load(String name) {
        return cache.computeIfAbsent(name, this::read);
    }

    /** The items a selection asks for: category filter, then a deterministic sample (see {@link SuiteSelection}). */
    public List<PromptItem> load(SuiteSelection selection) {
        return SuiteSampler.select(load(selection.name()), selection);
    }

    /** One item by suite and id, e.g. for a judge that needs the item's metadata. */
    public Optional<PromptItem> find(String suite, String id) {
        return load(suite).stream().filter(item -> item.id().equals(id)).findFirst();
    }

    private List<PromptItem> read(String name) {
        List<PromptItem> items;
        if (BuiltinSuite.NAMES.contains(name)) {
            items = BuiltinSuite.read(name);
        } else {
            Definition definition = DATASETS.get(name);
            if (definition == null) {
                throw new SuiteException("unknown suite '" + name + "'; known suites: " + knownSuites());
            }
            Path dir = datasetsDir.orElseThrow(() -> new SuiteException(
                    "suite '" + name + "' needs a datasets folder, and none is configured"));
            Path path = dir.resolve(definition.relativePath());
            if (!Files.exists(path)) {
                throw new SuiteException("suite '" + name + "': " + path + " not found");
            }
            items = definition.reader().apply(path, name);
        }
        requireUniqueIds(name, items);
        return items;
    }

    private static void requireUniqueIds(String suite, List<PromptItem> items) {
        Set<String> seen = new HashSet<>();
        for (PromptItem item : items) {
            if (!seen.add(item.id())) {
                throw new SuiteException("suite '" + suite + "' has the prompt id '" + item.id() + "' twice");
            }
        }
    }
}
