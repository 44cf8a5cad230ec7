package dev.safegate.results.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.safegate.core.whitebox.DirectionArtifact;
import dev.safegate.results.analysis.DirectionFitter;
import dev.safegate.results.report.Views;
import dev.safegate.results.store.DirectionStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;

/**
 * Misalignment directions: fitted from stored activations and kept as versioned artifacts per model family and
 * layer ({@code POST}, needs the API token), read by reports, gates and the workers that steer along them.
 * <pre>
 * POST /api/v1/directions   {"modelFamily": "m", "layers": [3], "positive": {"runId": A}, "negative": {"runId": B}}
 *                           {"modelFamily": "m", "layers": [3], "judged": {"runId": A, "by": "rubric"}}
 * GET  /api/v1/directions[?modelFamily=m]
 * GET  /api/v1/directions/{id}
 * </pre>
 */
@Path("/api/v1/directions")
@Produces(MediaType.APPLICATION_JSON)
public class DirectionsResource {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** Which two groups' activations to fit: a model pair, or one run's answers judged by the rubric judge. */
    public record FitRequest(String modelFamily, List<Integer> layers, RunRef positive, RunRef negative,
                             JudgedRun judged) {
    }

    public record RunRef(String runId) {
    }

    public record JudgedRun(String runId, String by) {
    }

    /** The directions one request stored, one per layer. */
    public record Fitted(List<Views.Direction> directions) {
    }

    private final DirectionFitter fitter;
    private final DirectionStore store;
    private final WriterAuth auth;

    public DirectionsResource(DirectionFitter fitter, DirectionStore store, WriterAuth auth) {
        this.fitter = fitter;
        this.store = store;
        this.auth = auth;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response fit(String body, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        auth.requireWriter(authorization);
        FitRequest request = parse(body);
        List<Integer> layers = request.layers() == null ? List.of() : request.layers();
        List<DirectionArtifact> fitted = request.judged() != null
                ? fitter.judgedLabels(request.modelFamily(), layers, request.judged().runId())
                : fitter.modelPair(request.modelFamily(), layers, request.positive().runId(),
                        request.negative().runId());
        List<Views.Direction> stored = store.add(fitted).stream().map(Views.Direction::of).toList();
        return Response.created(URI.create("/api/v1/directions/" + stored.getFirst().id()))
                .entity(new Fitted(stored)).build();
    }

    @GET
    public List<Views.Direction> list(@QueryParam("modelFamily") String modelFamily) {
        return store.list(modelFamily).stream().map(Views.Direction::of).toList();
    }

    @GET
    @Path("{id}")
    public Views.Direction direction(@PathParam("id") String id) {
        long number;
        try {
            number = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("a direction id is a number, got '" + id + "'");
        }
        return store.find(number).map(Views.Direction::of)
                .orElseThrow(() -> ProblemException.notFound("no direction " + id));
    }

    private static FitRequest parse(String body) {
        FitRequest request;
        try {
            request = JSON.readValue(body == null ? "" : body, FitRequest.class);
        } catch (java.io.IOException e) {
            throw ProblemException.badRequest("not a direction request: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        if (request == null || request.modelFamily() == null || request.modelFamily().isBlank()) {
            throw ProblemException.badRequest("modelFamily is required (the registered model whose versions the "
                    + "direction is for)");
        }
        if (request.layers() != null && request.layers().stream().anyMatch(l -> l == null || l < 0)) {
            throw ProblemException.badRequest("layers must be block indices >= 0, got " + request.layers());
        }
        boolean pair = request.positive() != null || request.negative() != null;
        if (pair == (request.judged() != null)) {
            throw ProblemException.badRequest("give either positive and negative runs (a model pair) or judged "
                    + "(one run's answers labelled by the rubric judge)");
        }
        if (pair && (blank(request.positive()) || blank(request.negative()))) {
            throw ProblemException.badRequest("a model pair needs positive.runId and negative.runId");
        }
        if (!pair && (request.judged().runId() == null || request.judged().runId().isBlank()
                || !"rubric".equals(request.judged().by()))) {
            throw ProblemException.badRequest("judged needs runId and by: \"rubric\" (the labels of the rubric "
                    + "judge em-rubric)");
        }
        return request;
    }

    private static boolean blank(RunRef run) {
        return run == null || run.runId() == null || run.runId().isBlank();
    }
}
