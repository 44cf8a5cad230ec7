package dev.safegate.cli;

import dev.safegate.core.image.AuditedImage;
import dev.safegate.core.image.Distance;
import dev.safegate.core.image.Fill;
import dev.safegate.core.image.ImageAuditor;
import dev.safegate.core.image.ImageSet;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.LimeSettings;
import dev.safegate.core.image.OverlayRenderer;
import dev.safegate.core.image.Preprocessing;
import dev.safegate.core.image.SlicSettings;
import dev.safegate.triton.TritonClient;
import dev.safegate.triton.TritonImageClassifier;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code audit image}: LIME over SLIC superpixels for every image of a folder against one Triton image classifier,
 * with progress on stderr and a JSON report (per image and summary).
 */
@Command(name = "image", mixinStandardHelpOptions = true,
        description = "Explain an image classifier's top class on each image (LIME over SLIC superpixels) and measure"
                + " how much of each explanation lies inside the annotated object.")
class ImageAuditCommand implements Callable<Integer> {
    @Option(names = "--triton", required = true, description = "Triton (or model host) gRPC endpoint, HOST:PORT")
    String triton;

    @Option(names = "--model", required = true, description = "model name on the server")
    String model;

    @Option(names = "--model-version", defaultValue = "", description = "model version (default: the server's latest)")
    String version;

    @Option(names = "--images", required = true, description = "folder of PNG or JPEG images")
    Path images;

    @Option(names = "--regions", description = "regions file: class and object box or mask per image")
    Path regions;

    @Option(names = "--out", required = true, description = "JSON report to write")
    Path out;

    @Option(names = "--overlays", description = "folder for one PNG per image: the top superpixels over the image")
    Path overlays;

    @Option(names = "--samples", defaultValue = "500", description = "perturbations per image (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--superpixels", defaultValue = "25", description = "SLIC superpixels (default ${DEFAULT-VALUE})")
    int superpixels;

    @Option(names = "--compactness", defaultValue = "200", description = "SLIC compactness (default ${DEFAULT-VALUE})")
    float compactness;

    @Option(names = "--seed", defaultValue = "1", description = "perturbation seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--fill", defaultValue = "gray",
            description = "what hidden superpixels show: gray, #rrggbb or blur(sigma) (default ${DEFAULT-VALUE})")
    String fill;

    @Option(names = "--distance", defaultValue = "cosine", description = "cosine or hamming (default ${DEFAULT-VALUE})")
    String distance;

    @Option(names = "--kernel-width", defaultValue = "0.25", description = "LIME kernel width (default ${DEFAULT-VALUE})")
    double kernelWidth;

    @Option(names = "--top", defaultValue = "5", description = "superpixels in the shown explanation (default ${DEFAULT-VALUE})")
    int top;

    @Option(names = "--parallel", defaultValue = "3", description = "images audited at once (default ${DEFAULT-VALUE})")
    int parallel;

    @Option(names = "--in-flight", defaultValue = "8",
            description = "model calls in flight, shared by the images audited at once (default ${DEFAULT-VALUE})")
    int inFlight;

    @Option(names = "--width", description = "override the model's input width")
    Integer width;

    @Option(names = "--height", description = "override the model's input height")
    Integer height;

    @Option(names = "--layout", description = "override the model's input layout: NCHW or NHWC")
    String layout;

    @Option(names = "--scale", description = "override the pixel scale (pixels 0..255 are multiplied by it)")
    Float scale;

    @Option(names = "--mean", split = ",", description = "override the per-channel mean, e.g. 0.485,0.456,0.406")
    float[] mean;

    @Option(names = "--std", split = ",", description = "override the per-channel std, e.g. 0.229,0.224,0.225")
    float[] std;

    @Option(names = "--timeout", defaultValue = "PT60S", description = "per model call (ISO-8601, default ${DEFAULT-VALUE})")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        PrintStream err = System.err;
        List<ImageSet.LabelledImage> set = ImageSet.read(images, regions);
        if (set.isEmpty()) {
            err.println("safegate audit image: no PNG or JPEG image in " + images);
            return 2;
        }
        String[] hostPort = triton.split(":");
        if (hostPort.length != 2) {
            err.println("safegate audit image: --triton must be HOST:PORT, got " + triton);
            return 2;
        }
        LimeSettings lime = new LimeSettings(samples, seed, Distance.parse(distance), kernelWidth, Fill.parse(fill),
                1.0, top, inFlight);
        SlicSettings slic = new SlicSettings(superpixels, compactness);
        InputOverrides overrides = new InputOverrides(width, height,
                layout == null ? null : Preprocessing.Layout.parse(layout), scale, mean, std);
        try (TritonClient client = TritonClient.connect(hostPort[0], Integer.parseInt(hostPort[1]))) {
            TritonImageClassifier classifier;
            try {
                classifier = TritonImageClassifier.of(client, model, version, overrides, timeout).join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                err.println("safegate audit image: cannot read the configuration of model '" + model + "' from "
                        + triton + ": " + cause.getMessage());
                return 1;
            }
            err.println("auditing " + set.size() + " images against " + classifier.model() + ", " + samples
                    + " perturbations each");
            ImageAuditor auditor = new ImageAuditor(classifier, slic, lime);
            ImageAuditReport report = audit(set, auditor, classifier.classNames(), err);
            report.write(out, triton, classifier.model().toString(), lime, slic);
            err.println(report.summaryLine());
            err.println("report: " + out.toAbsolutePath());
            return report.errors() == set.size() ? 1 : 0;
        }
    }

    private ImageAuditReport audit(List<ImageSet.LabelledImage> set, ImageAuditor auditor, List<String> classNames,
                                   PrintStream err) throws Exception {
        if (overlays != null) {
            Files.createDirectories(overlays);
        }
        ImageAuditReport report = new ImageAuditReport(top);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<ImageAuditReport.Entry>> running = new ArrayList<>();
            for (ImageSet.LabelledImage image : set) {
                running.add(pool.submit(() -> auditOne(auditor, image, classNames)));
            }
            for (int i = 0; i < running.size(); i++) {
                ImageAuditReport.Entry entry = running.get(i).get();
                report.add(entry);
                double seconds = (System.nanoTime() - start) / 1e9;
                err.printf(Locale.ROOT, "[%d/%d] %s (%.1f s, %.0f perturbed images/s)%n", i + 1, set.size(),
                        entry.progressLine(), seconds, report.perturbedImages() / seconds);
            }
        } finally {
            pool.shutdownNow();
        }
        report.elapsed((System.nanoTime() - start) / 1e9);
        return report;
    }

    private ImageAuditReport.Entry auditOne(ImageAuditor auditor, ImageSet.LabelledImage image,
                                            List<String> classNames) throws Exception {
        try {
            AuditedImage audited = auditor.audit(image.imageId(), image.image(), image.region(), image.label());
            if (overlays != null) {
                Files.write(overlays.resolve(image.imageId().replaceAll("\\.[^.]*$", "") + "-lime.png"),
                        OverlayRenderer.png(audited, top, Math.max(1, 256 / audited.image().width())));
            }
            return ImageAuditReport.Entry.of(audited, top, classNames);
        } catch (RuntimeException e) {
            return ImageAuditReport.Entry.failed(image.imageId(), image.label(), e.getMessage());
        }
    }
}
