package dev.safegate.core.plan;

import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The random order, fixed by the run, in which a run's prompts are generated and looked at: prompts sorted by a
 * SHA-256 hash of (run id, suite, condition label ({@link dev.safegate.core.condition.ConditionLabel}: with its
 * parameters, as results name cells), prompt id). Every prefix of it is a random sample of the plan, and
 * because the results service can compute the same order, a sequential look always reads the same prompts,
 * whenever their verdicts happen to arrive. All samples of a prompt share its rank, so candidate and baseline stay
 * paired prompt by prompt.
 */
public final class PromptOrder {
    private PromptOrder() {
    }

    /** The rank of a prompt in the run's order (compare with {@link Long#compare}). */
    public static long rank(String runId, String suite, String condition, String promptId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {runId, suite, condition, promptId}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
