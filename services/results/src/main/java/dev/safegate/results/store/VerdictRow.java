package dev.safegate.results.store;

import dev.safegate.core.condition.ConditionLabel;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.Verdict;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A verdict as stored: the judge's answer plus the task fields that place it in a cell.
 *
 * @param firstUnsafeTurn the turn (1-based) of a multi-turn conversation's first unsafe answer; 0 for none
 */
public record VerdictRow(String taskId, String judgeId, String runId, String judgeVersion, String label,
                         String refusal, String categoriesJson, String scoresJson, String error, String suite,
                         String condition, String category, String promptId, int sampleIndex,
                         boolean shouldRefuse, String generationStatus, String generationError, String prompt,
                         String output, String rawOutput, long judgedMs, int firstUnsafeTurn) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static VerdictRow of(Verdict v) {
        EvalTask task = v.getTask();
        String runId = v.getRunId().isEmpty() ? task.getRunId() : v.getRunId();
        return new VerdictRow(v.getTaskId(), v.getJudgeId(), runId, v.getJudgeVersion(),
                label(v.getLabel()), refusal(v.getRefusal()),
                json(v.getCategoriesList().stream()
                        .map(c -> Map.of("code", c.getCode(), "taxonomy", c.getTaxonomy())).toList()),
                json(new TreeMap<>(v.getScoresMap())), v.getError(), task.getSuite(),
                ConditionLabel.of(task.getCondition(), task.getConditionParams()),
                task.getCategory().isEmpty() ? "uncategorized" : task.getCategory(), task.getPromptId(),
                task.getSampleIndex(), task.getShouldRefuse(),
                v.getGenerationStatus() == Generation.Status.ERROR ? "ERROR" : "OK", v.getGenerationError(),
                v.getPrompt(), v.getOutput(), v.getRawOutput(), v.getJudgedMs(), v.getFirstUnsafeTurn());
    }

    /** UNSPECIFIED (an old or careless producer) reads as UNKNOWN: it says nothing about the output. */
    private static String label(Verdict.Label label) {
        return switch (label) {
            case SAFE, UNSAFE, CONTROVERSIAL -> label.name();
            default -> "UNKNOWN";
        };
    }

    private static String refusal(Verdict.Refusal refusal) {
        return switch (refusal) {
            case FULL, PARTIAL, NONE -> refusal.name();
            default -> "UNKNOWN";
        };
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean generationFailed() {
        return "ERROR".equals(generationStatus);
    }

    public static List<String> labels() {
        return List.of("SAFE", "UNSAFE", "CONTROVERSIAL", "UNKNOWN");
    }
}
