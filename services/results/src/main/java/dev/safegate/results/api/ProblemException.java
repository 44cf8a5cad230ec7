package dev.safegate.results.api;

import dev.safegate.service.problem.Problem;
import java.util.List;

/**
 * A request that fails with a problem detail: 400 bad request, 401 bad token, 404 unknown run, 422 a request that is
 * well-formed but cannot be done with the stored data (a direction from runs without activations).
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;

    private ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "Bad request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Invalid reader token", detail);
    }

    /** A write without the API token. */
    public static ProblemException unauthorizedWriter(String detail) {
        return new ProblemException(401, "Invalid API token", detail);
    }

    public static ProblemException unprocessable(String detail) {
        return new ProblemException(422, "Unprocessable content", detail);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public Problem toProblem(String instance) {
        return Problem.of(status, title, getMessage(), instance, List.of());
    }

    public int status() {
        return status;
    }
}
