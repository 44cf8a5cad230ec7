package dev.safegate.worker;

/**
 * The task cannot be turned into a prompt for this model (template error, missing item data, a prompt
 * longer than the model's context): a permanent error, reported as an ERROR generation at once.
 */
public class PromptException extends RuntimeException {
    public static final String PROMPT = "prompt";
    public static final String CONTEXT_LENGTH = "context_length";
    /** A white-box condition for a model that does not declare the request parameter it needs. */
    public static final String UNSUPPORTED = "unsupported_parameter";
    /** A stored direction to steer along that could not be fetched from the results service. */
    public static final String DIRECTION = "direction";
    /** White-box outputs that do not fit together (the reference scored other tokens than the model generated). */
    public static final String WHITE_BOX = "white_box";

    private final String reason;

    public PromptException(String message) {
        this(PROMPT, message, null);
    }

    public PromptException(String message, Throwable cause) {
        this(PROMPT, message, cause);
    }

    public PromptException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** A short, bounded label for metrics. */
    public String reason() {
        return reason;
    }
}
