package dev.safegate.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.core.SharedData;
import dev.safegate.core.judge.JudgeAccuracies;
import dev.safegate.core.judge.LearnedRefusalJudge;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JudgeCommandTest {

    @Test
    void judgesJsonLinesWithTheLearnedRefusalJudgeByDefault() {
        String out = run("{\"id\":\"a\",\"prompt\":\"q\",\"response\":\"I'm sorry, but I can't help with that.\"}\n"
                + "{\"id\":\"b\",\"prompt\":\"q\",\"response\":\"Paris is the capital of France.\"}\n", "judge");
        String[] lines = out.split("\n");
        assertEquals(2, lines.length, out);
        JsonNode refused = json(lines[0]);
        assertEquals("a", refused.path("id").asText());
        assertEquals("UNKNOWN", refused.path("label").asText()); // a refusal judge gives no harm label
        assertEquals("FULL", refused.path("refusal").asText());
        assertTrue(refused.path("scores").path("refusal_probability").asDouble() > 0.5, out);
        assertEquals("builtin-refusal", refused.path("judge").asText());
        assertEquals(LearnedRefusalJudge.VERSION, refused.path("judge_version").asText());
        assertEquals("NONE", json(lines[1]).path("refusal").asText());
    }

    @Test
    void trainWritesExactlyTheShippedWeights(@TempDir Path dir) throws Exception {
        assumeTrue(SharedData.resolve("datasets/xstest/v1").isPresent(), SharedData.missingMessage("datasets/xstest/v1"));
        Path model = dir.resolve("refusal-model.tsv");
        run("", "judge", "train", "--out", model.toString());
        byte[] shipped;
        try (InputStream in = LearnedRefusalJudge.class.getResourceAsStream("refusal-model.tsv")) {
            shipped = in.readAllBytes();
        }
        assertArrayEquals(shipped, Files.readAllBytes(model), "scripts/safegate judge train no longer reproduces the shipped weights");
    }

    /** The committed accuracy file is what the command measures: a judge change without regenerating it fails here. */
    @Test
    void accuracyWritesExactlyTheShippedFigures(@TempDir Path dir) throws Exception {
        assumeTrue(SharedData.resolve("datasets/xstest/v1").isPresent(), SharedData.missingMessage("datasets/xstest/v1"));
        Path file = dir.resolve("judge-accuracy.yaml");
        run("", "judge", "accuracy", "--out", file.toString());
        byte[] shipped;
        try (InputStream in = JudgeAccuracies.class.getResourceAsStream(JudgeAccuracies.RESOURCE)) {
            shipped = in.readAllBytes();
        }
        assertEquals(new String(shipped, StandardCharsets.UTF_8), Files.readString(file),
                "the shipped judge accuracies are stale: run scripts/safegate judge accuracy --write and commit the file");
    }

    private static JsonNode json(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private static String run(String stdin, String... args) {
        PrintStream originalOut = System.out;
        InputStream originalIn = System.in;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new SafegateCommand()).execute(args);
            assertEquals(0, exit);
        } finally {
            System.setOut(originalOut);
            System.setIn(originalIn);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
