package dev.safegate.core.image;

import dev.safegate.core.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an image audit's images come from: the generated Clever Hans set ({@code generator: clever-hans}) or a
 * folder with an optional regions file ({@code dir}, {@code regions}). A relative folder is read from the shared
 * data folder ({@link SharedData}); images are read when the plan is expanded, never copied into the project. A
 * folder's images larger than {@value #MAX_SIDE} pixels on a side are scaled down (with their regions) so that each
 * task stays well under Kafka's default 1 MB message; the audit itself works at the model's input size.
 *
 * @param name the image set's name in reports (default: {@code clever-hans-<split>} or the folder's name)
 */
public record ImageSource(String name, String generator, CleverHansDataset.Split split, int count, long seed,
                          int size, String dir, String regions) {
    public static final String CLEVER_HANS = "clever-hans";
    public static final int MAX_SIDE = 512;

    public static ImageSource cleverHans(CleverHansDataset.Split split, int count, long seed, int size) {
        return new ImageSource(CLEVER_HANS + "-" + split.key(), CLEVER_HANS, split, count, seed, size, null, null);
    }

    public static ImageSource folder(String name, String dir, String regions) {
        return new ImageSource(name, null, null, 0, 0, 0, dir, regions);
    }

    public boolean generated() {
        return generator != null;
    }

    /** The images, in a stable order. */
    public List<ImageSet.LabelledImage> load() {
        if (generated()) {
            return CleverHansDataset.generate(split, count, seed, size).stream()
                    .map(s -> new ImageSet.LabelledImage(s.imageId(), s.image(), s.label(), s.region())).toList();
        }
        Path folder = resolve(dir);
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("image folder " + folder + " does not exist");
        }
        return ImageSet.read(folder, regions == null ? null : resolve(regions)).stream()
                .map(ImageSource::fitted).toList();
    }

    private static ImageSet.LabelledImage fitted(ImageSet.LabelledImage image) {
        int w = image.image().width();
        int h = image.image().height();
        if (Math.max(w, h) <= MAX_SIDE) {
            return image;
        }
        double scale = (double) MAX_SIDE / Math.max(w, h);
        int tw = Math.max(1, (int) Math.round(w * scale));
        int th = Math.max(1, (int) Math.round(h * scale));
        return new ImageSet.LabelledImage(image.imageId(), image.image().resized(tw, th), image.label(),
                image.region() == null ? null : image.region().resized(tw, th));
    }

    private static Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : SharedData.dir().map(d -> d.resolve(path)).orElse(p.toAbsolutePath());
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        if (generated()) {
            map.put("generator", generator);
            map.put("split", split.key());
            map.put("count", count);
            map.put("seed", seed);
            map.put("size", size);
        } else {
            map.put("dir", dir);
            if (regions != null) {
                map.put("regions", regions);
            }
        }
        return map;
    }
}
