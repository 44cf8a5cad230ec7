package dev.safegate.orchestrator.api;

import dev.safegate.service.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Writes problem documents (the shared vocabulary of {@link Problem} and its types). */
public final class Problems {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Problems() {
    }

    public static Response response(int status, String title, String detail, String instance,
            List<Problem.FieldError> errors) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(json(status, title, detail, instance, errors))
                .build();
    }

    public static String json(int status, String title, String detail, String instance,
            List<Problem.FieldError> errors) {
        Problem problem = Problem.of(status, title, detail, instance, errors);
        try {
            return JSON.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
