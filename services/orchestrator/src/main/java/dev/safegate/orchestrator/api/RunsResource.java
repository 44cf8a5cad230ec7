package dev.safegate.orchestrator.api;

import dev.safegate.service.problem.Problem;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.PlanError;
import dev.safegate.core.plan.PlanValidationException;
import dev.safegate.orchestrator.model.ModelCatalog;
import dev.safegate.orchestrator.model.Plans;
import dev.safegate.orchestrator.model.RegisteredModel;
import dev.safegate.orchestrator.run.Cancellation;
import dev.safegate.orchestrator.run.PlanRequest;
import dev.safegate.orchestrator.run.PlannedRun;
import dev.safegate.orchestrator.run.RunPage;
import dev.safegate.orchestrator.run.RunPlanner;
import dev.safegate.orchestrator.run.RunStatus;
import dev.safegate.orchestrator.run.RunLifecycleStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Evaluation runs: create one from a plan, read, list, cancel. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs", description = "Evaluation runs")
@SecurityRequirement(name = OpenApiDefinition.BEARER)
public class RunsResource {
    static final int MAX_PAGE_SIZE = 100;
    private static final String PLAN_EXAMPLE = """
            model: {name: simulated-chat, version: "2", baseline_version: "1"}
            suites: [builtin, {name: xstest, sample_size: 50, seed: 7}]
            conditions: [chat_template, raw, {name: prefill, params: {tokens: 10}}]
            sampling: {temperature: 0.0, max_tokens: 128, samples: 1}
            judges: [builtin-refusal]
            policy: default
            """;

    private final Plans plans;
    private final ModelCatalog catalog;
    private final RunPlanner planner;
    private final RunLifecycleStore store;
    private final Cancellation cancellation;

    public RunsResource(Plans plans, ModelCatalog catalog, RunPlanner planner,
            RunLifecycleStore store, Cancellation cancellation) {
        this.plans = plans;
        this.catalog = catalog;
        this.planner = planner;
        this.store = store;
        this.cancellation = cancellation;
    }

    @POST
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Create a run from a plan",
            description = "Plans a run of model.version (and of its baseline version, when that has no run with the"
                    + " same plan). Idempotent on (model, version, plan): the same request answers 200 with the"
                    + " existing run unless rerun=true. Needs the API token.")
    @RequestBody(description = "The plan, as YAML or JSON", required = true, content = {
            @Content(mediaType = "application/yaml", examples = @ExampleObject(name = "plan", value = PLAN_EXAMPLE)),
            @Content(mediaType = MediaType.APPLICATION_JSON)})
    @APIResponse(responseCode = "201", description = "Run planned; tasks are being published",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "200", description = "This version was already evaluated with this plan",
            content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "400", description = "Not YAML or JSON",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "413", description = "Body too large",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "422", description = "Invalid plan: every field and why",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response create(String body,
            @Parameter(description = "evaluate again even if this version was evaluated with this plan")
            @QueryParam("rerun") @DefaultValue("false") boolean rerun,
            UriInfo uri) {
        EvaluationPlan plan = plans.parse(body == null ? "" : body);
        RegisteredModel model = modelOf(plan);
        PlannedRun planned = planner.plan(new PlanRequest(model, plan.model().version(), plan,
                plan.model().baselineVersion(), rerun, "api"));
        RunView view = RunView.of(planned.candidate());
        return planned.created()
                ? Response.created(uri.getAbsolutePathBuilder().path(view.id()).build()).entity(view).build()
                : Response.ok(view).build();
    }

    @GET
    @Operation(summary = "List runs, newest first", description = "Needs the reader or the API token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunView.Page.class)))
    @APIResponse(responseCode = "400", description = "Invalid filter or paging",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView.Page list(@QueryParam("model") String model,
            @Parameter(description = "PLANNED, RUNNING, COMPLETED, FAILED or CANCELLED") @QueryParam("status") String status,
            @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "1 to " + MAX_PAGE_SIZE) @QueryParam("size") @DefaultValue("20") int size) {
        List<Problem.FieldError> errors = new ArrayList<>();
        RunStatus statusFilter = null;
        if (status != null && !status.isBlank()) {
            try {
                statusFilter = RunStatus.valueOf(status.trim().toUpperCase());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("status", "unknown status '" + status + "'; one of "
                        + Arrays.toString(RunStatus.values())));
            }
        }
        if (page < 0) {
            errors.add(new Problem.FieldError("page", "must be >= 0, got " + page));
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            errors.add(new Problem.FieldError("size", "must be between 1 and " + MAX_PAGE_SIZE + ", got " + size));
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Invalid query", errors.size() + " invalid query parameter(s)", errors);
        }
        RunPage found = store.list(model == null || model.isBlank() ? null : model, statusFilter, page, size);
        return new RunView.Page(found.runs().stream().map(RunView::of).toList(), found.page(), found.size(),
                found.total());
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a run", description = "Needs the reader or the API token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView get(@PathParam("id") String id) {
        return store.find(id).map(RunView::of).orElseThrow(() -> notFound(id));
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel a run that has not finished",
            description = "Publishes CANCELLED on safegate.runs; workers skip the run's remaining tasks. Needs the"
                    + " API token.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = RunView.class)))
    @APIResponse(responseCode = "404", description = "No such run",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The run has already finished",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RunView cancel(@PathParam("id") String id) {
        switch (cancellation.cancel(id)) {
            case NOT_FOUND -> throw notFound(id);
            case ALREADY_FINISHED -> throw new ProblemException(409, "Run already finished",
                    "run " + id + " has already finished and cannot be cancelled");
            case CANCELLED -> {
            }
        }
        return get(id);
    }

    private RegisteredModel modelOf(EvaluationPlan plan) {
        List<PlanError> errors = new ArrayList<>();
        if (plan.model() == null) {
            errors.add(new PlanError("model.name", "is required"));
            errors.add(new PlanError("model.version", "is required"));
        } else {
            if (catalog.find(plan.model().name()).isEmpty()) {
                errors.add(new PlanError("model.name", "unknown model '" + plan.model().name() + "'; configured: "
                        + new TreeSet<>(catalog.all().stream().map(RegisteredModel::name).toList())));
            }
            if (plan.model().version() == null) {
                errors.add(new PlanError("model.version", "is required"));
            }
        }
        if (!errors.isEmpty()) {
            throw new PlanValidationException(errors);
        }
        return catalog.find(plan.model().name()).orElseThrow();
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(404, "Run not found", "no run with id " + id);
    }
}
