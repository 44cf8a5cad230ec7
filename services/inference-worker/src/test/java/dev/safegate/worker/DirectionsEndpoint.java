package dev.safegate.worker;

import com.sun.net.httpserver.HttpServer;
import dev.safegate.modelhost.organisms.PlantedModel;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Stands in for the results service's direction API in the worker's tests ({@code safegate.results-url}): direction
 * {@value #MISALIGNMENT} is the planted organism's misalignment axis at its feature layer, in the JSON shape of
 * {@code GET /api/v1/directions/{id}} (the results service's DirectionsApiTest reads the same fields back); any
 * other id is 404 with a problem body.
 */
public class DirectionsEndpoint implements QuarkusTestResourceLifecycleManager {
    static final int MISALIGNMENT = 1;

    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v1/directions/", exchange -> {
            String id = exchange.getRequestURI().getPath().substring("/api/v1/directions/".length());
            boolean known = id.equals(Integer.toString(MISALIGNMENT));
            byte[] body = (known ? direction() : "{\"status\":404,\"title\":\"Not found\",\"detail\":\"no direction "
                    + id + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", known ? "application/json" : "application/problem+json");
            exchange.sendResponseHeaders(known ? 200 : 404, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return Map.of("safegate.results-url", "http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static String direction() {
        StringBuilder vector = new StringBuilder();
        for (float value : PlantedModel.misalignmentDirection()) {
            vector.append(vector.isEmpty() ? "" : ",").append(value);
        }
        return "{\"id\":" + MISALIGNMENT + ",\"modelFamily\":\"" + PlantedModel.SERVED_NAME + "\",\"layer\":"
                + PlantedModel.FEATURE_LAYER + ",\"hiddenSize\":" + PlantedModel.HIDDEN + ",\"unitVector\":[" + vector
                + "],\"norm\":1.0}";
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }
}
