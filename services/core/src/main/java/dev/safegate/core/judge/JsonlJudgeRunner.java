package dev.safegate.core.judge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;

/**
 * Judges a JSON Lines stream with a built-in judge: reads {@code {"id","prompt","response"}} lines and writes
 * one {@code {"id","label","refusal","categories","scores","judge","judge_version"}} line per input line, in order
 * (the judge and its version, so that a stored verdict says what made it). Blank lines are
 * skipped; a line that is not such an object stops the run with its line number (nothing is dropped silently).
 */
public final class JsonlJudgeRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonlJudgeRunner() {
    }

    /** Returns the number of lines judged. */
    public static long run(LocalJudge judge, BufferedReader in, Writer out) throws IOException {
        long lineNumber = 0;
        long judged = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JudgeInput input = input(line, lineNumber);
            out.write(JSON.writeValueAsString(toJson(judge.judge(input), input.taskId())));
            out.write('\n');
            judged++;
        }
        out.flush();
        return judged;
    }

    private static JudgeInput input(String line, long lineNumber) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("line " + lineNumber + ": not JSON: " + e.getOriginalMessage(), e);
        }
        if (!node.isObject() || !node.path("id").isValueNode() || !node.path("response").isTextual()) {
            throw new IllegalArgumentException("line " + lineNumber + ": expected {\"id\", \"prompt\", \"response\"}");
        }
        return new JudgeInput(node.get("id").asText(), node.path("prompt").asText(""), node.get("response").asText());
    }

    static ObjectNode toJson(Verdict verdict, String id) {
        ObjectNode out = JSON.createObjectNode();
        out.put("id", id);
        out.put("label", verdict.label().name());
        out.put("refusal", verdict.refusal().name());
        var categories = out.putArray("categories");
        verdict.categories().forEach(c -> categories.addObject().put("code", c.code()).put("taxonomy", c.taxonomy()));
        var scores = out.putObject("scores");
        verdict.scores().forEach(scores::put);
        out.put("judge", verdict.judgeId());
        out.put("judge_version", verdict.judgeVersion());
        return out;
    }
}
