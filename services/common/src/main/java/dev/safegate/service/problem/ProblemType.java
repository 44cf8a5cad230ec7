package dev.safegate.service.problem;

import java.util.Arrays;

/**
 * The problem types of SafeGate's APIs, one per kind of failure, so that a client can switch on {@code type}
 * whichever service answered. URNs rather than URLs: nothing is served at them.
 */
public enum ProblemType {
    BAD_REQUEST(400, "bad-request"),
    UNAUTHORIZED(401, "unauthorized"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not-found"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed"),
    NOT_ACCEPTABLE(406, "not-acceptable"),
    CONFLICT(409, "conflict"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type"),
    UNPROCESSABLE_CONTENT(422, "unprocessable-content"),
    TOO_MANY_REQUESTS(429, "too-many-requests"),
    INTERNAL_ERROR(500, "internal-error"),
    SERVICE_UNAVAILABLE(503, "service-unavailable");

    private static final String PREFIX = "urn:safegate:problem:";
    private final int status;
    private final String slug;

    ProblemType(int status, String slug) {
        this.status = status;
        this.slug = slug;
    }

    /** The type of a status; a status without its own type is a client or server error in general. */
    public static ProblemType forStatus(int status) {
        return Arrays.stream(values()).filter(type -> type.status == status).findFirst()
                .orElse(status >= 500 ? INTERNAL_ERROR : BAD_REQUEST);
    }

    public int status() {
        return status;
    }

    public String uri() {
        return PREFIX + slug;
    }
}
