package dev.safegate.judge;

import dev.safegate.core.SharedData;
import dev.safegate.core.judge.LlamaGuard3Judge;
import dev.safegate.core.judge.ModelJudge;
import dev.safegate.core.judge.Qwen3GuardJudge;
import dev.safegate.core.judge.RubricJudge;
import dev.safegate.core.judge.RubricPrompts;
import dev.safegate.triton.TritonModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A model-backed judge bound to the judge model that serves it (a guard model, or the rubric judge's model).
 *
 * @param template renders the judge's chat prompts in the judge model's format
 * @param maxTokens output budget of each judge-model call
 */
public record GuardJudge(ModelJudge judge, TritonModel model, GuardTemplate template, int maxTokens) {

    /** A kind of judge model: the id of the judge it serves, and how to make that judge. */
    record Kind(String judgeId, Supplier<ModelJudge> judge) {
    }

    /** Judge kinds by their configuration key, {@code safegate.judges.<kind>.*}. */
    static final Map<String, Kind> KINDS = Map.of(
            "qwen3guard", new Kind(Qwen3GuardJudge.ID, Qwen3GuardJudge::new),
            "llama-guard-3", new Kind(LlamaGuard3Judge.ID, LlamaGuard3Judge::new),
            "em-rubric", new Kind(RubricJudge.ID, () -> rubricJudge(SharedData.dir())));

    /** The kinds as fixed map keys of {@link JudgeConfig#judges()}, so that environment variables reach them. */
    public static final class Kinds implements Supplier<Iterable<String>> {
        @Override
        public Iterable<String> get() {
            return KINDS.keySet();
        }
    }

    private static final String SETTING_PREFIX = "SAFEGATE_JUDGES_";

    /** The judges of the kinds whose model is configured. */
    static List<GuardJudge> configured(Map<String, JudgeConfig.GuardModel> guards) {
        return guards.entrySet().stream().filter(entry -> entry.getValue().model().isPresent()).map(entry -> {
            JudgeConfig.GuardModel settings = entry.getValue();
            TritonModel model = new TritonModel(settings.model().get(), settings.version().orElse(""),
                    settings.ioProfile(), settings.decoupled(), false);
            ModelJudge judge = KINDS.get(entry.getKey()).judge().get();
            return new GuardJudge(judge, model, template(settings), settings.maxTokens());
        }).toList();
    }

    /**
     * Refuses settings of a kind SafeGate does not know ({@code safegate.judges.<kind>.*}, or
     * {@code SAFEGATE_JUDGES_<KIND>_*} in the environment): a typo would silently serve nothing. Names are compared
     * in their environment form, since the configuration also lists environment variables as dotted names
     * ({@code safegate.judges.em.rubric.model}).
     *
     * @throws IllegalArgumentException naming the setting and the known kinds
     */
    static void rejectUnknownKinds(Iterable<String> propertyNames) {
        for (String name : propertyNames) {
            String setting = environmentForm(name);
            boolean unknown = setting.startsWith(SETTING_PREFIX) && KINDS.keySet().stream()
                    .noneMatch(kind -> setting.startsWith(SETTING_PREFIX + environmentForm(kind) + "_"));
            if (unknown) {
                throw new IllegalArgumentException("unknown judge kind in " + name + "; known: "
                        + KINDS.keySet().stream().sorted().toList());
            }
        }
    }

    /** {@code safegate.judges."em-rubric".model} as an environment variable: SAFEGATE_JUDGES_EM_RUBRIC_MODEL. */
    private static String environmentForm(String name) {
        return name.replace("\"", "").replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /**
     * The emergent-misalignment rubric judge with the published judge prompts, read from the shared data.
     *
     * @throws IllegalStateException naming the file when it is missing or unreadable
     */
    static ModelJudge rubricJudge(Optional<Path> sharedDir) {
        String needs = "judge " + RubricJudge.ID + " (safegate.judges.em-rubric.model) needs its judge prompts: ";
        if (sharedDir.isEmpty()) {
            throw new IllegalStateException(needs + SharedData.missingMessage(RubricPrompts.FIRST_PLOT_QUESTIONS));
        }
        Path questions = sharedDir.get().resolve(RubricPrompts.FIRST_PLOT_QUESTIONS);
        if (!Files.isRegularFile(questions)) {
            throw new IllegalStateException(needs + questions + " does not exist");
        }
        try {
            return new RubricJudge(RubricPrompts.load(questions));
        } catch (IOException e) {
            throw new IllegalStateException("judge " + RubricJudge.ID + ": cannot read its judge prompts from "
                    + questions + ": " + e.getMessage(), e);
        }
    }

    private static GuardTemplate template(JudgeConfig.GuardModel settings) {
        if (settings.template().isEmpty()) {
            return GuardTemplate.chatMl();
        }
        try {
            return GuardTemplate.load(Path.of(settings.template().get()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the chat template of judge model " + settings.model().get(), e);
        }
    }
}
