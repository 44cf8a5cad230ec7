package dev.safegate.results;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;

/** Renders a page of the running service in headless Chromium, as a person would see it. */
final class Chromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * A 1280 x {@code height} screenshot of {@code path}, kept as {@code target/screenshots/<name>.png} for a person
     * to look at after the build; skips the calling test where Chromium is not installed.
     */
    static BufferedImage screenshot(String path, int height, Path work, String name) throws IOException,
            InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(BINARY),
                "Chromium is not installed (apt-get install -y chromium); skipping the screenshot test");
        Path png = work.resolve(name + ".png");
        Process chromium = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + work.resolve("profile-" + name), "--screenshot=" + png,
                "--window-size=1280," + height, "http://127.0.0.1:" + RestAssured.port + path)
                .redirectErrorStream(true).redirectOutput(work.resolve(name + "-chromium.log").toFile()).start();
        assertTrue(chromium.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        assertTrue(Files.size(png) > 20_000, "screenshot too small: " + Files.size(png));
        Path kept = Path.of("target", "screenshots");
        Files.createDirectories(kept);
        Files.copy(png, kept.resolve(name + ".png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return ImageIO.read(png.toFile());
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }

    /**
     * Rows of the image holding at least one pixel of exactly this colour (0xRRGGBB): a bar of a series colour covers
     * a band of a few rows, a rising curve in that colour many.
     */
    static int rowsWith(BufferedImage image, int rgb) {
        int rows = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }

    /** Pixels whose colour (0xRRGGBB) is one of these, e.g. the colours of an image the page shows. */
    static int pixelsIn(BufferedImage image, java.util.Set<Integer> colours) {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if (colours.contains(image.getRGB(x, y) & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
