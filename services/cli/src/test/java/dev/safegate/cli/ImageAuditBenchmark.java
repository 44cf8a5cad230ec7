package dev.safegate.cli;

import dev.safegate.core.image.CleverHansDataset;
import dev.safegate.core.image.ImageAuditor;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.LimeSettings;
import dev.safegate.core.image.PerturbationRenderer;
import dev.safegate.core.image.PerturbationSampler;
import dev.safegate.core.image.RgbImage;
import dev.safegate.core.image.SlicSegmenter;
import dev.safegate.core.image.SlicSettings;
import dev.safegate.core.image.Superpixels;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.repository.ModelSpec;
import dev.safegate.proto.inference.ModelInferRequest;
import dev.safegate.triton.TritonClient;
import dev.safegate.triton.TritonImageClassifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The image audit's throughput against a bare client, and SLIC's time per image (`make bench ONLY=image-audit`).
 * <ol>
 *   <li>Perturbed images classified per second through the audit ({@link ImageAuditor}: resize, SLIC, perturbation
 *       rendering, batched ModelInfer calls of 32, ridge fit), 3 images at once sharing 8 batches in flight, against
 *       a bare client sending the same batches (rendered and encoded beforehand, not timed) with the same 8 in
 *       flight. Against the
 *       model host in-process: the zero-latency model makes it CPU-bound (audit, client and model share the cores);
 *       the 50 ms model (a remote server: 8 x 32 images per 50 ms = 5,120 images/s at most) shows whether
 *       the audit keeps the model as busy as the bare client.</li>
 *   <li>SLIC on 64 x 64 Clever Hans images (25 superpixels) and, where Debian's python3-skimage is installed, on its
 *       astronaut photo at 224 x 224 (50 superpixels), after warm-up.</li>
 * </ol>
 * Usage: {@code ImageAuditBenchmark [images] [samples]} (default 32 images, 500 perturbations each).
 */
public final class ImageAuditBenchmark {
    private static final String MODEL = """
            backend: synthetic-image
            max_batch_size: 32
            synthetic_image: {decides: object_shape, latency_ms: LATENCY}
            """;
    private static final int PARALLEL = 3;
    private static final int IN_FLIGHT = 8;

    private ImageAuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        List<RgbImage> images = CleverHansDataset.generate(CleverHansDataset.Split.AUDIT, count, 5, 64).stream()
                .map(CleverHansDataset.Sample::image).toList();
        LimeSettings lime = LimeSettings.DEFAULT.withSamples(samples); // 8 batches in flight
        try (EmbeddedModelHost host = EmbeddedModelHost.start(List.of(
                ModelSpec.fromYaml("bench-zero", MODEL.replace("LATENCY", "0")),
                ModelSpec.fromYaml("bench-50ms", MODEL.replace("LATENCY", "50"))));
             TritonClient client = TritonClient.connect("127.0.0.1", host.port())) {
            System.out.printf(Locale.ROOT, "%d images of 64 x 64, %d perturbations each, batches of 32, %d images at"
                    + " once sharing %d batches in flight%n", count, samples, PARALLEL, IN_FLIGHT);
            System.out.printf(Locale.ROOT, "%-28s %14s %14s %7s%n", "model", "audit img/s", "bare img/s", "ratio");
            for (String model : List.of("bench-zero", "bench-50ms")) {
                TritonImageClassifier classifier = TritonImageClassifier.of(client, model, "", InputOverrides.NONE,
                        Duration.ofSeconds(60)).join();
                audit(images, classifier, lime); // warm-up
                double audit = audit(images, classifier, lime);
                // The bare client's batches are rendered and encoded beforehand (1.5 MB each): those of the first
                // images only, sent round-robin up to the audit's number of batches, so that holding them does not
                // crowd the heap.
                List<ModelInferRequest> batches = batches(images.subList(0, Math.min(4, images.size())), classifier,
                        lime);
                long total = (long) images.size() * ((samples + classifier.maxBatchSize() - 1)
                        / classifier.maxBatchSize());
                bare(client, batches, total); // warm-up
                double bare = bare(client, batches, total);
                System.out.printf(Locale.ROOT, "%-28s %14.0f %14.0f %7.3f%n",
                        model.equals("bench-zero") ? "zero latency (CPU-bound)" : "50 ms per batch", audit, bare,
                        audit / bare);
            }
        }
        slic("Clever Hans 64 x 64, 25 superpixels", images, SlicSettings.DEFAULT);
        Path astronaut = ImageAuditCommandTest.SKIMAGE_DATA.resolve("astronaut.png");
        if (Files.isRegularFile(astronaut)) {
            slic("skimage astronaut at 224 x 224, 50 superpixels",
                    List.of(RgbImage.read(astronaut).resized(224, 224)), new SlicSettings(50, 200f));
        } else {
            System.out.println("SLIC on a photo: skipped (python3-skimage is not installed)");
        }
        System.exit(0);
    }

    /** Perturbed images per second through the audit. */
    private static double audit(List<RgbImage> images, TritonImageClassifier classifier, LimeSettings lime)
            throws Exception {
        ImageAuditor auditor = new ImageAuditor(classifier, SlicSettings.DEFAULT, lime);
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < images.size(); i++) {
                RgbImage image = images.get(i);
                String id = "image-" + i;
                running.add(pool.submit(() -> auditor.audit(id, image, null, null)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (double) images.size() * lime.samples() / ((System.nanoTime() - start) / 1e9);
    }

    /** The audit's batches, rendered as the audit renders them. */
    private static List<ModelInferRequest> batches(List<RgbImage> images, TritonImageClassifier classifier,
                                                   LimeSettings lime) {
        SlicSegmenter slic = new SlicSegmenter(SlicSettings.DEFAULT);
        List<ModelInferRequest> batches = new ArrayList<>();
        for (RgbImage image : images) {
            Superpixels superpixels = slic.segment(image);
            PerturbationRenderer renderer = new PerturbationRenderer(image, lime.fill().fillImage(image), superpixels,
                    classifier.preprocessing());
            boolean[][] kept = PerturbationSampler.sample(lime.samples(), superpixels.count(), lime.seed());
            for (int start = 0; start < kept.length; start += classifier.maxBatchSize()) {
                int n = Math.min(classifier.maxBatchSize(), kept.length - start);
                float[] tensors = new float[n * renderer.tensorLength()];
                for (int i = 0; i < n; i++) {
                    renderer.render(kept[start + i], tensors, i * renderer.tensorLength());
                }
                batches.add(classifier.request(tensors, n));
            }
        }
        return batches;
    }

    /** Perturbed images per second when {@code total} such batches are sent with the same number in flight. */
    private static double bare(TritonClient client, List<ModelInferRequest> batches, long total) {
        Deque<CompletableFuture<?>> inFlight = new ArrayDeque<>();
        long images = 0;
        long start = System.nanoTime();
        for (long b = 0; b < total; b++) {
            ModelInferRequest batch = batches.get((int) (b % batches.size()));
            if (inFlight.size() >= IN_FLIGHT) {
                inFlight.removeFirst().join();
            }
            inFlight.addLast(client.infer(batch, Duration.ofSeconds(60)));
            images += batch.getInputs(0).getShape(0);
        }
        inFlight.forEach(CompletableFuture::join);
        return images / ((System.nanoTime() - start) / 1e9);
    }

    /** SLIC's mean time per image over 3 s of repeated segmentation, after 1 s of warm-up. */
    private static void slic(String label, List<RgbImage> images, SlicSettings settings) {
        SlicSegmenter slic = new SlicSegmenter(settings);
        segmentFor(slic, images, 1_000_000_000L);
        long[] done = segmentFor(slic, images, 3_000_000_000L);
        System.out.printf(Locale.ROOT, "SLIC, %s: %.2f ms per image%n", label, done[1] / 1e6 / done[0]);
    }

    /** @return images segmented and the nanoseconds it took, going round the images for at least {@code nanos} */
    private static long[] segmentFor(SlicSegmenter slic, List<RgbImage> images, long nanos) {
        long start = System.nanoTime();
        long count = 0;
        while (System.nanoTime() - start < nanos) {
            slic.segment(images.get((int) (count % images.size())));
            count++;
        }
        return new long[] {count, System.nanoTime() - start};
    }
}
