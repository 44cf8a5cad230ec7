package dev.safegate.core.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.safegate.core.image.CleverHansDataset.Sample;
import dev.safegate.core.image.CleverHansDataset.Split;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CleverHansDatasetTest {

    @Test
    void isDeterministicForItsSeedAndBalancedOverTheClasses() {
        List<Sample> one = CleverHansDataset.generate(Split.AUDIT, 30, 7, 64);
        List<Sample> again = CleverHansDataset.generate(Split.AUDIT, 30, 7, 64);
        List<Sample> other = CleverHansDataset.generate(Split.AUDIT, 30, 8, 64);
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(one.get(i).image().png(), again.get(i).image().png());
        }
        assertNotEquals(java.util.Arrays.toString(one.get(0).image().png()),
                java.util.Arrays.toString(other.get(0).image().png()));
        for (String label : CleverHansDataset.CLASSES) {
            assertEquals(10, one.stream().filter(s -> s.label().equals(label)).count());
        }
    }

    @Test
    void theBackgroundGoesWithTheClassInTrainingAndNotInTheAudit() {
        double training = matching(CleverHansDataset.generate(Split.TRAINING, 600, 1, 32));
        double audit = matching(CleverHansDataset.generate(Split.AUDIT, 600, 1, 32));
        assertEquals(0.9, training, 0.04, "training split: colour = class 90% of the time");
        assertEquals(1.0 / 3, audit, 0.06, "audit split: colour independent of the class");
    }

    @Test
    void theMaskIsTheShapeAndTheShapeIsTheOnlyLightPart() {
        for (Sample sample : CleverHansDataset.generate(Split.AUDIT, 30, 3, 64)) {
            ObjectRegion mask = sample.region();
            int minX = 64, minY = 64, maxX = -1, maxY = -1;
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int rgb = sample.image().rgb(x, y);
                    boolean light = Math.min((rgb >> 16) & 0xFF, Math.min((rgb >> 8) & 0xFF, rgb & 0xFF)) >= 200;
                    assertEquals(mask.contains(x, y), light, sample.imageId() + " at " + x + "," + y);
                    if (mask.contains(x, y)) {
                        minX = Math.min(minX, x);
                        maxX = Math.max(maxX, x);
                        minY = Math.min(minY, y);
                        maxY = Math.max(maxY, y);
                    }
                }
            }
            double fill = (double) mask.area() / ((maxX - minX + 1) * (maxY - minY + 1));
            double expected = switch (sample.label()) {
                case "circle" -> Math.PI / 4;
                case "square" -> 1.0;
                default -> 0.5;
            };
            assertEquals(expected, fill, 0.08, sample.imageId() + " " + sample.label());
        }
    }

    @Test
    void writesAnImageSetThatReadsBackWithLabelsAndMasks(@TempDir Path folder) {
        List<Sample> samples = CleverHansDataset.generate(Split.AUDIT, 4, 2, 48);
        ImageSet.write(folder, samples.stream()
                .map(s -> new ImageSet.LabelledImage(s.imageId(), s.image(), s.label(), s.region())).toList());
        List<ImageSet.LabelledImage> read = ImageSet.read(folder, folder.resolve("regions.json"));
        assertEquals(4, read.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(samples.get(i).imageId() + ".png", read.get(i).imageId());
            assertEquals(samples.get(i).label(), read.get(i).label());
            assertArrayEquals(samples.get(i).region().runLengths(), read.get(i).region().runLengths());
            assertArrayEquals(samples.get(i).image().png(), read.get(i).image().png());
        }
        assertTrue(ImageSet.read(folder, null).stream().allMatch(image -> image.region() == null));
    }

    private static double matching(List<Sample> samples) {
        return samples.stream().filter(s -> CleverHansDataset.CLASSES.get(s.backgroundClass()).equals(s.label()))
                .count() / (double) samples.size();
    }
}
