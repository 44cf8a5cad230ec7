package dev.safegate.results.api;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may change what the results service stores (fit a direction): callers with
 * {@code Authorization: Bearer <safegate.auth.api-token>}, the same API token as the orchestrator's. Without a
 * configured token nobody may: writes stay closed rather than open.
 */
@ApplicationScoped
public class WriterAuth {
    private static final String BEARER = "Bearer ";

    private final Optional<byte[]> token;

    public WriterAuth(@ConfigProperty(name = "safegate.auth.api-token") Optional<String> token) {
        this.token = token.filter(t -> !t.isBlank()).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Throws a 401 problem unless the header carries the API token. */
    public void requireWriter(String authorization) {
        if (token.isEmpty()) {
            throw ProblemException.unauthorizedWriter("this service has no API token configured "
                    + "(SAFEGATE_API_TOKEN): writes are closed");
        }
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw ProblemException.unauthorizedWriter("send the API token as Authorization: Bearer <token>");
        }
        byte[] sent = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        // Constant time in the contents, so the token cannot be guessed byte by byte from response times.
        if (!MessageDigest.isEqual(sent, token.get())) {
            throw ProblemException.unauthorizedWriter("the API token is not valid");
        }
    }
}
