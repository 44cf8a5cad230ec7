package dev.safegate.core.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder of images (PNG, JPEG) with an optional regions file naming each image's class and object region:
 * <pre>
 * {"images": [{"file": "cat.png", "label": "cat", "box": [x, y, width, height]},
 *             {"file": "c-0001.png", "label": "circle", "mask": {"width": 64, "height": 64, "counts": [...]}}]}
 * </pre>
 * A mask is run lengths over the pixels row by row, starting with outside pixels; box and mask are in the image's
 * own pixels. Images without an entry are audited without a region.
 */
public final class ImageSet {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    /** An image of the set with its annotation (label and region may be null). */
    public record LabelledImage(String imageId, RgbImage image, String label, ObjectRegion region) {
    }

    record Mask(int width, int height, int[] counts) {
    }

    record Annotation(String file, String label, int[] box, Mask mask) {
    }

    record RegionsFile(List<Annotation> images) {
    }

    private ImageSet() {
    }

    /** The images of {@code folder} in file-name order, annotated from {@code regionsFile} (null for none). */
    public static List<LabelledImage> read(Path folder, Path regionsFile) {
        Map<String, Annotation> annotations = regionsFile == null ? Map.of() : readRegions(regionsFile);
        List<Path> files;
        try (Stream<Path> listing = Files.list(folder)) {
            files = listing.filter(ImageSet::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list images in " + folder, e);
        }
        List<LabelledImage> images = new ArrayList<>();
        for (Path file : files) {
            RgbImage image = RgbImage.read(file);
            String name = file.getFileName().toString();
            Annotation annotation = annotations.get(name);
            images.add(new LabelledImage(name, image, annotation == null ? null : annotation.label(),
                    annotation == null ? null : region(annotation, image, name)));
        }
        return images;
    }

    public static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return Files.isRegularFile(file) && (name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg"));
    }

    static Map<String, Annotation> readRegions(Path regionsFile) {
        RegionsFile parsed;
        try {
            parsed = JSON.readValue(regionsFile.toFile(), RegionsFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read regions file " + regionsFile + ": " + e.getMessage(), e);
        }
        Map<String, Annotation> byFile = new HashMap<>();
        for (Annotation annotation : parsed.images() == null ? List.<Annotation>of() : parsed.images()) {
            if (annotation.file() == null || byFile.put(annotation.file(), annotation) != null) {
                throw new IllegalArgumentException(regionsFile + ": every entry needs a file, each file once");
            }
        }
        return byFile;
    }

    private static ObjectRegion region(Annotation annotation, RgbImage image, String name) {
        try {
            if (annotation.mask() != null) {
                Mask mask = annotation.mask();
                if (mask.width() != image.width() || mask.height() != image.height()) {
                    throw new IllegalArgumentException("mask of " + mask.width() + " x " + mask.height()
                            + " on an image of " + image.width() + " x " + image.height());
                }
                return ObjectRegion.fromRunLengths(mask.width(), mask.height(), mask.counts());
            }
            if (annotation.box() != null) {
                int[] b = annotation.box();
                if (b.length != 4) {
                    throw new IllegalArgumentException("box must be [x, y, width, height]");
                }
                return ObjectRegion.box(image.width(), image.height(), b[0], b[1], b[2], b[3]);
            }
            return null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("region of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes images as PNG files and their labels and masks as {@code regions.json} into {@code folder}. */
    public static void write(Path folder, List<LabelledImage> images) {
        try {
            Files.createDirectories(folder);
            List<Annotation> annotations = new ArrayList<>();
            for (LabelledImage image : images) {
                String file = image.imageId().endsWith(".png") ? image.imageId() : image.imageId() + ".png";
                Files.write(folder.resolve(file), image.image().png());
                ObjectRegion region = image.region();
                annotations.add(new Annotation(file, image.label(), null, region == null ? null
                        : new Mask(region.width(), region.height(), region.runLengths())));
            }
            JSON.writeValue(folder.resolve("regions.json").toFile(), new RegionsFile(annotations));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the image set to " + folder, e);
        }
    }
}
