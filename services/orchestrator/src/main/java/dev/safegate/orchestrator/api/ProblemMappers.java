package dev.safegate.orchestrator.api;

import dev.safegate.service.problem.Problem;
import dev.safegate.core.plan.PlanError;
import dev.safegate.core.plan.PlanValidationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error the HTTP API answers is an RFC 9457 problem document. */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problems.response(e.status(), e.title(), e.getMessage(), uri.getPath(), e.errors());
    }

    /** A plan that cannot be read at all is a 400; one that reads but breaks the rules is a 422. */
    @ServerExceptionMapper
    public Response invalidPlan(PlanValidationException e, UriInfo uri) {
        List<PlanError> errors = e.errors();
        boolean unreadable = errors.size() == 1 && errors.getFirst().path().isEmpty();
        int status = unreadable ? 400 : 422;
        List<Problem.FieldError> fields = errors.stream()
                .map(error -> new Problem.FieldError(error.path().isEmpty() ? "(body)" : error.path(), error.reason()))
                .toList();
        return Problems.response(status, unreadable ? "Malformed plan" : "Invalid plan",
                errors.size() + " problem(s) in the plan", uri.getPath(), fields);
    }

    /** Framework errors (404 for an unknown path, 405, 415, ...) keep their status, as problem documents. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problems.response(status, title, e.getMessage(), uri.getPath(), List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "request to %s failed", uri.getPath());
        return Problems.response(500, "Internal error", "the request could not be handled; see the server log",
                uri.getPath(), List.of());
    }
}
