package dev.safegate.core.condition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The name of a condition in cells, reports and metric labels: the condition with its parameters, so that
 * {@code prefill} with 5 and with 10 tokens are separate cells ({@code prefill(tokens=5)}); a condition
 * without parameters keeps its bare name ({@code chat_template}).
 */
public final class ConditionLabel {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConditionLabel() {
    }

    public static String of(String condition, String canonicalParams) {
        if (canonicalParams == null || canonicalParams.isBlank()) {
            return condition;
        }
        try {
            JsonNode params = JSON.readTree(canonicalParams);
            if (!params.isObject() || params.isEmpty()) {
                return condition;
            }
            List<String> parts = new ArrayList<>();
            params.properties().forEach(e -> parts.add(e.getKey() + "="
                    + (e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString())));
            return condition + "(" + String.join(", ", parts) + ")";
        } catch (JsonProcessingException e) {
            return condition + "(" + canonicalParams + ")";
        }
    }
}
