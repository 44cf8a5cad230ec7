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

    /** The condition name of a label: {@code prefill} of {@code prefill(tokens=10)}. */
    public static String name(String label) {
        int open = label.indexOf('(');
        return open < 0 ? label : label.substring(0, open);
    }

    /**
     * The parameters of a label as written ({@code {tokens=10}} of {@code prefill(tokens=10)}); lists keep their
     * JSON text. For reading numeric parameters back from cells (layers, tokens, strengths); a string parameter
     * that itself holds ", " is not split correctly.
     */
    public static java.util.Map<String, String> params(String label) {
        int open = label.indexOf('(');
        java.util.Map<String, String> params = new java.util.LinkedHashMap<>();
        if (open < 0 || !label.endsWith(")")) {
            return params;
        }
        for (String part : label.substring(open + 1, label.length() - 1).split(", ")) {
            int equals = part.indexOf('=');
            if (equals > 0) {
                params.put(part.substring(0, equals), part.substring(equals + 1));
            }
        }
        return params;
    }
}
