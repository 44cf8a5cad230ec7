package dev.safegate.service.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem document ({@code application/problem+json}), the one error shape of every SafeGate HTTP API.
 * {@code type} comes from {@link ProblemType}; the extension member {@code errors} lists every invalid field and why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field: a path such as {@code sampling.top_p} or {@code suites[1].name}, and the reason. */
    public record FieldError(String field, String reason) {
    }

    /** A problem of the type that {@code status} stands for; no {@code errors} member when there are none. */
    public static Problem of(int status, String title, String detail, String instance, List<FieldError> errors) {
        return new Problem(ProblemType.forStatus(status).uri(), title, status, detail, instance,
                errors == null || errors.isEmpty() ? null : List.copyOf(errors));
    }
}
