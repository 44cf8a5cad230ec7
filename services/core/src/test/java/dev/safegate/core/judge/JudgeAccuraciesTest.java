package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.judge.JudgeAccuracy.Detects;
import dev.safegate.core.stats.Proportion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The judges' accuracy figures: the shipped ones of the built-in judges and a deployment's own file. */
class JudgeAccuraciesTest {
    private static final String GUARD = """
            judges:
              - judge: qwen3guard-gen
                version: "1"
                detects: unsafe
                labelled_set: red-team-2025
                true_positives: 180
                positives: 200
                true_negatives: 570
                negatives: 600
            """;

    @Test
    void theBuiltInJudgesShipTheirRefusalDetectionAtTheirCurrentVersions() {
        JudgeAccuracies shipped = JudgeAccuracies.builtIn();
        JudgeAccuracy learned = shipped.find(LearnedRefusalJudge.ID, LearnedRefusalJudge.VERSION, Detects.REFUSAL)
                .orElseThrow(() -> new AssertionError("no figures for the current builtin-refusal: run "
                        + "scripts/safegate judge accuracy --write"));
        assertEquals(BuiltinJudgeAccuracy.LEFT_OUT, learned.labelledSet());
        assertTrue(learned.sensitivity().rate().getAsDouble() > 0.9, learned.toString());
        assertTrue(learned.specificity().rate().getAsDouble() > 0.9, learned.toString());
        RefusalJudge rules = new RefusalJudge();
        assertTrue(shipped.find(rules.id(), rules.version(), Detects.REFUSAL).isPresent(), shipped.all().toString());
        assertEquals(Optional.empty(), shipped.find(LearnedRefusalJudge.ID, LearnedRefusalJudge.VERSION, Detects.UNSAFE),
                "a refusal judge has no harm figures");
        assertEquals(Optional.empty(), shipped.find(LearnedRefusalJudge.ID, "2", Detects.REFUSAL),
                "figures belong to one judge version");
    }

    @Test
    void aDeploymentFileAddsItsGuardModelsFigures(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("accuracy.yaml"), GUARD);
        JudgeAccuracies all = JudgeAccuracies.builtIn().with(JudgeAccuracies.load(file));

        JudgeAccuracy guard = all.find("qwen3guard-gen", "1", Detects.UNSAFE).orElseThrow();
        assertEquals(new JudgeAccuracy("qwen3guard-gen", "1", Detects.UNSAFE, new Proportion(180, 200),
                new Proportion(570, 600), "red-team-2025"), guard);
        assertTrue(all.find(LearnedRefusalJudge.ID, LearnedRefusalJudge.VERSION, Detects.REFUSAL).isPresent());
    }

    @Test
    void aDeploymentsFigureReplacesTheShippedOneOfTheSameJudgeVersion() throws IOException {
        JudgeAccuracies own = JudgeAccuracies.parse("""
                judges:
                  - {judge: builtin-refusal, version: "%s", detects: refusal, labelled_set: our-own,
                     true_positives: 9, positives: 10, true_negatives: 8, negatives: 10}
                """.formatted(LearnedRefusalJudge.VERSION), "own.yaml");
        JudgeAccuracy chosen = JudgeAccuracies.builtIn().with(own)
                .find(LearnedRefusalJudge.ID, LearnedRefusalJudge.VERSION, Detects.REFUSAL).orElseThrow();
        assertEquals("our-own", chosen.labelledSet());
    }

    @Test
    void writtenFiguresReadBackTheSame() throws IOException {
        JudgeAccuracies shipped = JudgeAccuracies.builtIn();
        assertEquals(shipped.all(), JudgeAccuracies.parse(shipped.toYaml("header"), "copy").all());
    }

    @Test
    void badFilesAreRefusedNamingTheFileTheEntryAndTheField() {
        assertError("accuracy.yaml: judges[0]: need 0 <= true_positives <= positives, got 201 of 200",
                GUARD.replace("true_positives: 180", "true_positives: 201"));
        assertError("accuracy.yaml: judges[0]: negatives is required", GUARD.replace("    negatives: 600\n", ""));
        assertError("accuracy.yaml: judges[0]: positives must be at least 1",
                GUARD.replace("true_positives: 180", "true_positives: 0").replace("positives: 200", "positives: 0"));
        assertError("accuracy.yaml: judges[0]: detects must be 'refusal' or 'unsafe', got 'harm'",
                GUARD.replace("detects: unsafe", "detects: harm"));
        assertError("accuracy.yaml: judges[0]: labelled_set is required", GUARD.replace("    labelled_set: red-team-2025\n", ""));
        assertError("accuracy.yaml: two entries for judge qwen3guard-gen version 1 detecting unsafe",
                GUARD + GUARD.replace("judges:\n", ""));
        assertError("accuracy.yaml: no 'judges' list", "{}\n");
        IOException unknownKey = assertThrows(IOException.class,
                () -> JudgeAccuracies.parse(GUARD.replace("detects:", "accuracy: 0.9\n    detects:"), "accuracy.yaml"));
        assertTrue(unknownKey.getMessage().startsWith("accuracy.yaml: ") && unknownKey.getMessage().contains("accuracy"),
                unknownKey.getMessage());
    }

    private static void assertError(String expected, String yaml) {
        IOException error = assertThrows(IOException.class, () -> JudgeAccuracies.parse(yaml, "accuracy.yaml"));
        assertEquals(expected, error.getMessage());
    }
}
