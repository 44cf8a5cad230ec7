package dev.safegate.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.SharedData;
import dev.safegate.core.judge.RubricJudge;
import dev.safegate.core.judge.RubricPrompts;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judge kinds that can be configured, and the start-up errors of bad judge settings. */
class GuardJudgeTest {

    @Test
    void aSettingOfAnUnknownKindIsRefusedWithTheKnownKinds() {
        for (String name : List.of("safegate.judges.qwen3gaurd.model", "SAFEGATE_JUDGES_EMRUBRIC_MODEL")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> GuardJudge.rejectUnknownKinds(List.of("safegate.max-in-flight", name)));
            assertEquals("unknown judge kind in " + name + "; known: [em-rubric, llama-guard-3, qwen3guard]",
                    error.getMessage());
        }
    }

    @Test
    void settingsOfTheKnownKindsPassInEitherForm() {
        GuardJudge.rejectUnknownKinds(List.of("safegate.judges.em-rubric.model",
                "safegate.judges.\"llama-guard-3\".model",
                "SAFEGATE_JUDGES_EM_RUBRIC_MODEL", "SAFEGATE_JUDGES_LLAMA_GUARD_3_MAX_TOKENS",
                "SAFEGATE_JUDGES_QWEN3GUARD_TEMPLATE", "safegate.judges.em.rubric.model", "safegate.judges"));
    }

    @Test
    void theRubricJudgeNamesItsMissingPromptFile(@TempDir Path emptyShared) {
        IllegalStateException missingFile = assertThrows(IllegalStateException.class,
                () -> GuardJudge.rubricJudge(Optional.of(emptyShared)));
        assertTrue(missingFile.getMessage().contains(emptyShared.resolve(RubricPrompts.FIRST_PLOT_QUESTIONS)
                + " does not exist"), missingFile.getMessage());
        IllegalStateException noShared = assertThrows(IllegalStateException.class,
                () -> GuardJudge.rubricJudge(Optional.empty()));
        assertTrue(noShared.getMessage().contains(RubricPrompts.FIRST_PLOT_QUESTIONS)
                && noShared.getMessage().contains(SharedData.ENV), noShared.getMessage());
    }

    @Test
    void theRubricJudgeReadsThePublishedPrompts() {
        Assumptions.assumeTrue(SharedData.resolve(RubricPrompts.FIRST_PLOT_QUESTIONS).isPresent(),
                SharedData.missingMessage(RubricPrompts.FIRST_PLOT_QUESTIONS));
        assertInstanceOf(RubricJudge.class, GuardJudge.rubricJudge(SharedData.dir()));
    }
}
