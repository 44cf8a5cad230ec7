package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.plan.PlanError;
import dev.safegate.core.plan.PlanValidationException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ImageAuditPlanParserTest {
    private static final ImageAuditPlanParser PARSER = new ImageAuditPlanParser(Set.of("default"));

    @Test
    void readsAPlanWithDefaultsAndItsCanonicalJsonReadsBackToTheSameHash() {
        ImageAuditPlan plan = PARSER.parse("""
                kind: image_audit
                model: {name: shapes-classifier, version: "2", baseline_version: "1"}
                images: {generator: clever-hans, split: audit, count: 12, seed: 3, size: 48}
                lime: {samples: 200, fill: "blur(3)"}
                input: {mean: [0.5, 0.5, 0.5], layout: nhwc}
                """);
        assertEquals("shapes-classifier", plan.model().name());
        assertEquals("clever-hans-audit", plan.images().name());
        assertEquals(200, plan.lime().samples());
        assertEquals(SlicSettings.DEFAULT.superpixels(), plan.lime().superpixels());
        assertEquals("blur(3.0)", plan.lime().fill());
        assertEquals(Preprocessing.Layout.NHWC, plan.input().layout());
        assertNull(plan.input().std());
        assertEquals(List.of("lime"), plan.judges());
        ImageAuditPlan again = PARSER.parse(plan.canonicalJson());
        assertEquals(plan.hash(), again.hash());
        assertNull(again.model(), "the canonical JSON leaves the model out");
        assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f}, again.input().mean());
        assertTrue(ImageAuditPlanParser.isImageAudit(plan.canonicalJson()));
        assertFalse(ImageAuditPlanParser.isImageAudit("suites: [builtin]"));
        assertEquals(12, ImageAuditExpansion.expand(plan, "run-1").expectedTasks());
    }

    @Test
    void listsEveryProblemWithItsField() {
        PlanValidationException e = assertThrows(PlanValidationException.class, () -> PARSER.parse("""
                kind: image_audit
                images: {generator: clever-hans, count: 0}
                lime: {samples: 5, fill: mean, distance: euclid, colour: red}
                input: {std: [0, 1, 1]}
                policy: strict
                """));
        List<String> fields = e.errors().stream().map(PlanError::path).toList();
        assertEquals(List.of("images.count", "lime.colour", "lime.fill", "lime.distance", "lime.samples", "input.std",
                "policy"), fields, e.errors().toString());
        assertThrows(PlanValidationException.class, () -> PARSER.parse("kind: image_audit\n"));
    }

    @Test
    void aFolderOfLargeImagesIsScaledDownWithItsRegions(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int[] pixels = new int[1024 * 600];
        java.util.Arrays.fill(pixels, 0x336699);
        java.nio.file.Files.write(dir.resolve("large.png"), new RgbImage(1024, 600, pixels).png());
        java.nio.file.Files.writeString(dir.resolve("regions.json"),
                "{\"images\": [{\"file\": \"large.png\", \"label\": \"sky\", \"box\": [0, 0, 512, 600]}]}");
        ImageAuditPlan plan = PARSER.parse("kind: image_audit\nimages: {dir: \"" + dir + "\", regions: \""
                + dir.resolve("regions.json") + "\"}\n");
        assertEquals(dir.getFileName().toString(), plan.images().name());
        ImageSet.LabelledImage image = ImageAuditExpansion.expand(plan, "run-c").tasks().get(0).image();
        assertEquals(512, image.image().width());
        assertEquals(300, image.image().height());
        assertEquals(256 * 300, image.region().area(), "the left half, scaled with the image");
        assertEquals("sky", image.label());
    }

    @Test
    void theTasksOfARunHaveStableIdsOnePerImage() {
        ImageAuditPlan plan = PARSER.parse("kind: image_audit\nimages: {generator: clever-hans, count: 6}\n");
        var first = ImageAuditExpansion.expand(plan, "run-a").tasks();
        var again = ImageAuditExpansion.expand(plan, "run-a").tasks();
        var other = ImageAuditExpansion.expand(plan, "run-b").tasks();
        assertEquals(6, first.size());
        assertEquals(first.get(3).taskId(), again.get(3).taskId());
        assertFalse(first.get(3).taskId().equals(other.get(3).taskId()));
        assertEquals(6, first.stream().map(ImageAuditExpansion.ImageTask::taskId).distinct().count());
    }
}
