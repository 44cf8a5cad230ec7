package dev.safegate.core.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A validated plan of either kind: LLM suites under conditions ({@link Plan}) or an image classifier's visual audit
 * ({@link dev.safegate.core.image.ImageAuditPlan}, {@code kind: image_audit}). The orchestrator records, hashes
 * and publishes both the same way.
 */
public interface EvaluationPlan {

    /** Null when the plan is a template the caller binds to a model later. */
    ModelRef model();

    EvaluationPlan withModel(ModelRef model);

    /** What judges each task: judge ids, or the explainer of an image audit. */
    List<String> judges();

    String policy();

    /** The plan's content as canonical JSON, without the model (readable again by the plan's parser). */
    String canonicalJson();

    /** SHA-256 (hex) of {@link #canonicalJson()}: with model and version, the key that makes run creation idempotent. */
    default String hash() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
