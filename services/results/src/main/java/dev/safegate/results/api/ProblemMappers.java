package dev.safegate.results.api;

import dev.safegate.service.problem.Problem;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Errors as RFC 9457 problem details, including the framework's own 404 for an unknown path. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e, uri);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return respond(ProblemException.notFound("no resource at " + uri.getPath()), uri);
    }

    private static Response respond(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(e.toProblem(uri.getRequestUri().getRawPath()));
        if (e.status() == 401) {
            response.header("WWW-Authenticate", "Bearer realm=\"safegate\"");
        }
        return response.build();
    }
}
