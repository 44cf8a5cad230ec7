package dev.safegate.modelhost;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A model host started where its repository folder is not (a plain {@code java -jar} from another folder) starts,
 * is live, and is not ready, with readiness naming the folder it looked at and the setting to change.
 */
@QuarkusTest
@TestProfile(MissingRepositoryTest.NoRepository.class)
class MissingRepositoryTest {

    public static class NoRepository implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("safegate.modelhost.repository", "target/no-such-model-repository");
        }
    }

    @Test
    void liveButNotReadyAndSaysWhatToSet() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'model-repository' }.data.problem",
                        containsString("no-such-model-repository does not exist"))
                .body("checks.find { it.name == 'model-repository' }.data.problem",
                        containsString("SAFEGATE_MODELHOST_REPOSITORY"));
    }
}
