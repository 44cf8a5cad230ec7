package dev.safegate.orchestrator.api;

import dev.safegate.service.problem.Problem;
import java.util.List;

/** Ends a request with a problem document; {@link ProblemMappers} writes it. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final List<Problem.FieldError> errors;

    public ProblemException(int status, String title, String detail, List<Problem.FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ProblemException invalidField(int status, String field, String reason) {
        return new ProblemException(status, "Invalid request", field + ": " + reason,
                List.of(new Problem.FieldError(field, reason)));
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
