package dev.safegate.core.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One problem in a plan document.
 *
 * @param path where, e.g. {@code sampling.top_p} or {@code conditions[2].params.tokens}; empty for the document
 */
public record PlanError(String path, String reason) {

    /** One error for each field of {@code node} (at {@code path}) that is not {@code allowed}, naming those. */
    public static List<PlanError> unknownFields(JsonNode node, String path, Set<String> allowed) {
        List<PlanError> errors = new ArrayList<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new PlanError(path.isEmpty() ? name : path + "." + name,
                        "unknown field; allowed: " + new TreeSet<>(allowed)));
            }
        }
        return errors;
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "(plan)" : path) + ": " + reason;
    }
}
