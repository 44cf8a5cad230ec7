package dev.safegate.core.condition;

import java.util.Objects;

/**
 * The second step of {@code reference_kl}: the model's own answer, teacher-forced after the same prompt through a
 * reference model (request parameter {@code score_continuation}), so that each answer token has a log-probability
 * under both models.
 *
 * @param model the reference's served model name
 * @param version its served version; empty for the server's choice
 */
public record ReferenceScoring(String model, String version) {
    /** The white-box request parameter that asks a model server to score a text instead of generating. */
    public static final String REQUEST_PARAMETER = "score_continuation";

    public ReferenceScoring {
        Objects.requireNonNull(model, "model");
        version = version == null ? "" : version;
    }
}
