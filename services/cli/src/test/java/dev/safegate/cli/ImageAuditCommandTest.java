package dev.safegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.safegate.core.image.RgbImage;
import dev.safegate.modelhost.EmbeddedModelHost;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code audit image} against the real model host over gRPC, on the generated Clever Hans audit split: the audit must
 * tell the classifier that decides from the object from the one that takes the background shortcut, by a wide margin.
 */
class ImageAuditCommandTest {
    /** Debian's python3-skimage ships these photos; the test that uses them skips where the package is absent. */
    static final Path SKIMAGE_DATA = Path.of("/usr/lib/python3/dist-packages/skimage/data");

    @TempDir
    static Path dir;
    private static EmbeddedModelHost host;
    private static Path images;

    @BeforeAll
    static void start() {
        host = EmbeddedModelHost.start(EmbeddedModelHost.exampleRepository());
        images = dir.resolve("clever-hans");
        assertEquals(0, run("audit", "clever-hans", "--out", images.toString(), "--count", "30", "--seed", "11"));
    }

    @AfterAll
    static void stop() {
        host.close();
    }

    @Test
    void tellsTheObjectClassifierFromTheShortcutClassifierByAWideMargin() throws Exception {
        JsonNode object = audit("shapes-object", "object.json");
        JsonNode shortcut = audit("shapes-shortcut", "shortcut.json");

        JsonNode objectReliance = object.path("summary").path("background_reliance");
        JsonNode shortcutReliance = shortcut.path("summary").path("background_reliance");
        double margin = shortcutReliance.path("value").asDouble() - objectReliance.path("value").asDouble();
        System.out.printf("background reliance: shapes-object %.3f [%.3f, %.3f], shapes-shortcut %.3f [%.3f, %.3f],"
                        + " margin %.3f; confident outside rate %.3f vs %.3f%n",
                objectReliance.path("value").asDouble(), objectReliance.path("lower").asDouble(),
                objectReliance.path("upper").asDouble(), shortcutReliance.path("value").asDouble(),
                shortcutReliance.path("lower").asDouble(), shortcutReliance.path("upper").asDouble(), margin,
                object.path("summary").path("confident_outside_rate").path("value").asDouble(),
                shortcut.path("summary").path("confident_outside_rate").path("value").asDouble());
        assertTrue(margin >= 0.6, "margin " + margin);
        assertTrue(shortcutReliance.path("lower").asDouble() > objectReliance.path("upper").asDouble() + 0.4,
                "the intervals lie far apart");
        assertTrue(object.path("summary").path("confident_outside_rate").path("value").asDouble() <= 0.2);
        assertTrue(shortcut.path("summary").path("confident_outside_rate").path("value").asDouble() >= 0.9);
        // on the audit split the background does not go with the class: the shortcut is right only by chance
        assertEquals(1.0, object.path("summary").path("accuracy").path("value").asDouble());
        assertTrue(shortcut.path("summary").path("accuracy").path("value").asDouble() < 0.6);
    }

    @Test
    void writesPerImageAttributionsFidelityAndOverlays() throws Exception {
        Path overlays = dir.resolve("overlays");
        JsonNode report = audit("shapes-shortcut", "with-overlays.json", "--overlays", overlays.toString(),
                "--samples", "60", "--superpixels", "30");
        assertEquals(30, report.path("settings").path("superpixels").asInt());
        assertEquals(30, report.path("images").size());
        JsonNode first = report.path("images").get(0);
        assertEquals("clever-hans-audit-0000.png", first.path("image").asText());
        int superpixels = first.path("superpixels").asInt();
        assertTrue(superpixels >= 10, "superpixels " + superpixels);
        assertEquals(superpixels, first.path("attribution").size());
        assertTrue(first.path("fidelity").isNumber());
        assertTrue(first.path("object_share").isNumber());
        assertEquals(3, first.path("probabilities").size());
        assertNotNull(first.path("probabilities").get(first.path("predicted_class").asText()));
        assertEquals(60, first.path("perturbations").asInt());
        assertTrue(report.path("summary").path("slic_ms_per_image").asDouble() > 0);
        assertEquals("#808080", report.path("settings").path("fill").asText());
        RgbImage overlay = RgbImage.read(overlays.resolve("clever-hans-audit-0000-lime.png"));
        assertEquals(256, overlay.width(), "64-pixel images are enlarged 4x");
    }

    @Test
    void auditsRealPhotosWithoutRegions() throws Exception {
        assumeTrue(Files.isRegularFile(SKIMAGE_DATA.resolve("astronaut.png")),
                "Debian's python3-skimage is not installed (apt-get install python3-skimage): no real photos");
        Path photos = dir.resolve("photos");
        Files.createDirectories(photos);
        for (String name : new String[] {"astronaut.png", "chelsea.png", "coffee.png"}) {
            Files.copy(SKIMAGE_DATA.resolve(name), photos.resolve(name));
        }
        Path out = dir.resolve("photos.json");
        assertEquals(0, run("audit", "image", "--triton", host.target(), "--model", "shapes-shortcut",
                "--images", photos.toString(), "--out", out.toString(), "--samples", "60"));
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertEquals(3, report.path("images").size());
        for (JsonNode image : report.path("images")) {
            assertTrue(image.path("object_share").isNull(), "no region, no object share");
            assertTrue(image.path("superpixels").asInt() > 10);
        }
        assertTrue(report.path("summary").path("background_reliance").path("value").isNull());
    }

    @Test
    void aModelThatIsNotThereIsAnErrorNotAReport() {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(1, new CommandLine(new SafegateCommand()).execute("audit", "image", "--triton",
                    host.target(), "--model", "no-such-model", "--images", images.toString(), "--out",
                    dir.resolve("none.json").toString()));
        } finally {
            System.setErr(err);
        }
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains(
                "cannot read the configuration of model 'no-such-model'"), captured.toString(StandardCharsets.UTF_8));
        assertTrue(Files.notExists(dir.resolve("none.json")));
    }

    private static JsonNode audit(String model, String file, String... extra) throws Exception {
        Path out = dir.resolve(file);
        String[] base = {"audit", "image", "--triton", host.target(), "--model", model, "--images", images.toString(),
                "--regions", images.resolve("regions.json").toString(), "--out", out.toString()};
        String[] samples = java.util.Arrays.asList(extra).contains("--samples") ? new String[0]
                : new String[] {"--samples", "150"};
        String[] args = java.util.stream.Stream.of(base, samples, extra).flatMap(java.util.Arrays::stream)
                .toArray(String[]::new);
        assertEquals(0, run(args));
        return new ObjectMapper().readTree(out.toFile());
    }

    static int run(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            return new CommandLine(new SafegateCommand()).execute(args);
        } finally {
            System.setErr(err);
            String text = captured.toString(StandardCharsets.UTF_8);
            String[] lines = text.split("\n");
            // the progress and the summary, as a person sees them (the last lines)
            for (int i = Math.max(0, lines.length - 3); i < lines.length; i++) {
                err.println(lines[i]);
            }
        }
    }
}
