package dev.safegate.orchestrator.webhook;

import dev.safegate.service.problem.Problem;
import com.fasterxml.jackson.databind.JsonNode;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.PlanValidationException;
import dev.safegate.orchestrator.api.ProblemException;
import dev.safegate.orchestrator.model.Plans;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A webhook for CI systems: {@code {"model", "version", "baseline_version"?, "rerun"?, "plan"?}}, signed like
 * MLflow's with X-SafeGate-Delivery-Id, X-SafeGate-Timestamp and X-SafeGate-Signature.
 */
@Path("/webhooks/generic")
@Tag(name = "webhooks")
public class GenericWebhookResource {
    static final String SOURCE = "generic";

    private final Webhooks webhooks;
    private final RegistryTrigger trigger;
    private final Plans plans;
    private final Optional<String> secret;

    public GenericWebhookResource(Webhooks webhooks, RegistryTrigger trigger, Plans plans,
            @ConfigProperty(name = "safegate.webhooks.generic.secret") Optional<String> secret) {
        this.webhooks = webhooks;
        this.trigger = trigger;
        this.plans = plans;
        this.secret = secret;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Generic CI webhook",
            description = "Body {model, version, baseline_version?, rerun?, plan?}; signed with X-SafeGate-Signature:"
                    + " v1,base64(HMAC-SHA256(secret, \"{delivery id}.{timestamp}.{body}\")).")
    @APIResponse(responseCode = "202", description = "Accepted or ignored")
    @APIResponse(responseCode = "400", description = "Not a valid request")
    @APIResponse(responseCode = "401", description = "Bad signature, or timestamp outside the window")
    @APIResponse(responseCode = "422", description = "Invalid plan")
    public Response deliver(byte[] body,
            @HeaderParam("X-SafeGate-Delivery-Id") String deliveryId,
            @HeaderParam("X-SafeGate-Timestamp") String timestamp,
            @HeaderParam("X-SafeGate-Signature") String signature) {
        return webhooks.signed(SOURCE, secret, deliveryId, timestamp, signature, body, () -> handle(body));
    }

    private Handled handle(byte[] body) {
        JsonNode root = webhooks.parse(body);
        String model = Webhooks.requiredText(root, "model", "model");
        String version = Webhooks.requiredText(root, "version", "version");
        JsonNode baseline = root.path("baseline_version");
        Optional<String> baselineVersion = baseline.isValueNode() && !baseline.asText().isBlank()
                ? Optional.of(baseline.asText()) : Optional.empty();
        return trigger.versionAnnounced(SOURCE, model, version, plan(root.path("plan")), baselineVersion,
                root.path("rerun").asBoolean(false));
    }

    private Optional<EvaluationPlan> plan(JsonNode node) {
        if (node.isMissingNode() || node.isNull()) {
            return Optional.empty();
        }
        try {
            return Optional.of(plans.parse(node.toString()));
        } catch (PlanValidationException e) {
            throw new ProblemException(422, "Invalid plan", e.errors().size() + " problem(s) in the plan",
                    e.errors().stream().map(error -> new Problem.FieldError(
                            error.path().isEmpty() ? "plan" : "plan." + error.path(), error.reason()))
                            .toList());
        }
    }
}
