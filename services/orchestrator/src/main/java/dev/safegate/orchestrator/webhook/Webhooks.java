package dev.safegate.orchestrator.webhook;

import dev.safegate.service.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.core.webhook.SignedDelivery;
import dev.safegate.orchestrator.OrchestratorMetrics;
import dev.safegate.orchestrator.api.ProblemException;
import dev.safegate.orchestrator.api.Problems;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What every webhook shares: authentication, answering a repeated delivery with its first answer, and
 * counting outcomes. Handlers only record runs (fast); tasks are published in the background, so senders
 * that retry on 5xx or on a slow answer get their 202 at once.
 */
@Singleton
public class Webhooks {
    static final String REJECTED_SIGNATURE = "rejected_signature";
    static final String REJECTED_STALE = "rejected_stale";
    static final String REPLAYED = "replayed";
    static final String INVALID = "invalid";
    private static final Logger LOG = Logger.getLogger(Webhooks.class);

    private final WebhookDeliveries deliveries;
    private final OrchestratorMetrics metrics;
    private final ObjectMapper json;
    private final Duration window;
    private final Clock clock;

    public Webhooks(WebhookDeliveries deliveries, OrchestratorMetrics metrics, ObjectMapper json,
            @ConfigProperty(name = "safegate.webhooks.window", defaultValue = "5m") Duration window) {
        this.deliveries = deliveries;
        this.metrics = metrics;
        this.json = json;
        this.window = window;
        this.clock = Clock.systemUTC();
    }

    /** A delivery signed with {@link SignedDelivery}: verified, then handled once per delivery id. */
    public Response signed(String source, Optional<String> secret, String deliveryId, String timestamp,
            String signature, byte[] body, Supplier<Handled> handler) {
        if (secret.isEmpty() || secret.get().isBlank()) {
            LOG.warnf("%s webhook called, but no secret is configured: rejected", source);
            return reject(source, REJECTED_SIGNATURE, "this webhook has no secret configured");
        }
        SignedDelivery.Check check = SignedDelivery.verify(secret.get().getBytes(StandardCharsets.UTF_8), deliveryId,
                timestamp, signature, body, clock.instant(), window);
        return switch (check) {
            case BAD_SIGNATURE -> reject(source, REJECTED_SIGNATURE, "missing or invalid signature");
            case STALE -> reject(source, REJECTED_STALE, "timestamp outside the accepted window of " + window);
            case VALID -> once(source, deliveryId, handler);
        };
    }

    /** Handles a delivery the first time its id is seen; a repeat gets the first answer and starts nothing. */
    public Response once(String source, String deliveryId, Supplier<Handled> handler) {
        Optional<WebhookDeliveries.Answer> earlier = deliveries.claim(source, deliveryId);
        if (earlier.isPresent()) {
            metrics.webhookDelivery(source, REPLAYED);
            WebhookDeliveries.Answer answer = earlier.get();
            return answer.status() == 0
                    ? accepted(write(new WebhookAnswer("in_progress", "this delivery is being handled", null, null,
                            null)))
                    : Response.status(answer.status()).type(answerType(answer.status())).entity(answer.body()).build();
        }
        Response response;
        try {
            response = handle(source, handler);
        } catch (RuntimeException e) {
            deliveries.release(source, deliveryId); // let the sender's retry try again
            throw e;
        }
        deliveries.answered(source, deliveryId,
                new WebhookDeliveries.Answer(response.getStatus(), (String) response.getEntity()));
        return response;
    }

    /** Handles an unsigned-by-id delivery (run planning itself is idempotent). */
    public Response handle(String source, Supplier<Handled> handler) {
        try {
            Handled handled = handler.get();
            metrics.webhookDelivery(source, handled.outcome());
            if (!Handled.ACCEPTED.equals(handled.outcome())) {
                LOG.infof("%s webhook ignored: %s", source, handled.answer().reason());
            }
            return accepted(write(handled.answer()));
        } catch (ProblemException e) {
            metrics.webhookDelivery(source, INVALID);
            return Problems.response(e.status(), e.title(), e.getMessage(),
                    "/webhooks/" + source, e.errors());
        }
    }

    public Response reject(String source, String outcome, String detail) {
        metrics.webhookDelivery(source, outcome);
        return Problems.response(401, "Unauthorized", detail, "/webhooks/" + source,
                List.of());
    }

    /** Parses a JSON body; a body that is not JSON is a 400 problem. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode root = json.readTree(body);
            if (root == null || !root.isObject()) {
                throw ProblemException.invalidField(400, "(body)", "must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw ProblemException.invalidField(400, "(body)", "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.invalidField(400, "(body)", "unreadable: " + e.getMessage());
        }
    }

    /** A required text field of a webhook body; 400 when missing. */
    public static String requiredText(JsonNode parent, String field, String path) {
        JsonNode node = parent.path(field);
        if (!node.isValueNode() || node.asText().isBlank()) {
            throw ProblemException.invalidField(400, path, "is required");
        }
        return node.asText();
    }

    private static Response accepted(String body) {
        return Response.accepted(body).type(MediaType.APPLICATION_JSON).build();
    }

    private static String answerType(int status) {
        return status / 100 == 2 ? MediaType.APPLICATION_JSON : Problem.MEDIA_TYPE;
    }

    private String write(WebhookAnswer answer) {
        try {
            return json.writeValueAsString(answer);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
