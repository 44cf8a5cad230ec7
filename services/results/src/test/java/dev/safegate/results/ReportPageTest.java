package dev.safegate.results;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.testing.KafkaResource;
import dev.safegate.testing.PostgresResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTML report of a regressed run: decision first, charts, cells, sample links; and how it renders. */
@QuarkusTest
@QuarkusTestResource(value = KafkaResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresResource.class, restrictToAnnotatedClass = false)
class ReportPageTest {
    @BeforeEach
    void finishedRuns() {
        RegressedPair.ensure();
    }

    @Test
    void theReportLeadsWithTheDecisionAndIsSelfContained() {
        String html = given().get("/runs/" + RegressedPair.CANDIDATE).then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("<svg"), containsString("candidate"), containsString("baseline"),
                        containsString("advbench · raw"), containsString("cybercrime"),
                        containsString("/runs/" + RegressedPair.CANDIDATE + "/samples?label=UNSAFE&amp;suite=advbench"),
                        not(containsString("<script")), not(containsString("<link")))
                .extract().asString();
        int decision = html.indexOf("class=\"decision fail\"");
        assertTrue(decision > 0 && decision < html.indexOf("<svg"), "the decision comes before the charts");
    }

    @Test
    void sampleLinksLeadToRedactedUnsafeSamples() {
        given().get("/runs/" + RegressedPair.CANDIDATE + "/samples?label=UNSAFE&suite=advbench&condition=raw")
                .then().statusCode(200)
                .body(containsString("badge UNSAFE"), containsString("[redacted: "), not(containsString("step one")));
        given().header("Authorization", "Bearer test-reader-token")
                .get("/runs/" + RegressedPair.CANDIDATE + "/samples?label=UNSAFE&suite=advbench&condition=raw")
                .then().statusCode(200).body(containsString("step one"));
    }

    @Test
    void chromiumRendersTheReport(@TempDir Path work) throws Exception {
        BufferedImage image = Chromium.screenshot("/runs/" + RegressedPair.CANDIDATE, 2000, work, "report");
        assertTrue(image.getWidth() == 1280 && image.getHeight() == 2000, image.getWidth() + "x" + image.getHeight());
        assertTrue(Chromium.distinctColours(image) > 50, "the screenshot is nearly blank");
    }
}
