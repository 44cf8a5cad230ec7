package dev.safegate.results.image;

import dev.safegate.core.image.ImageAuditSummary;
import dev.safegate.core.stats.CellKey;
import dev.safegate.proto.Topics;
import dev.safegate.results.run.RunTracker;
import dev.safegate.results.store.RunProgressStore;
import dev.safegate.results.store.RunRecord;
import dev.safegate.service.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Image audit gauges of the latest completed run per model and role, per image set (labels from the plans: bounded):
 * {@code safegate_image_background_reliance_ratio} and {@code safegate_image_confident_outside_ratio}. Recomputed
 * when a run finishes, never on a scrape.
 */
@ApplicationScoped
public class ImageAuditMetrics {
    private static final Logger LOG = Logger.getLogger(ImageAuditMetrics.class);

    private final RunProgressStore runs;
    private final ImageAuditAnalysis analysis;
    private final DeadLetters deadLetters;
    private final MultiGauge backgroundReliance;
    private final MultiGauge confidentOutside;

    public ImageAuditMetrics(MeterRegistry registry, RunProgressStore runs, ImageAuditAnalysis analysis,
                             DeadLetters deadLetters) {
        this.runs = runs;
        this.analysis = analysis;
        this.deadLetters = deadLetters;
        this.backgroundReliance = MultiGauge.builder("safegate.image.background.reliance.ratio")
                .description("Latest completed image audit per model and role: 1 - mean share of the explanations'"
                        + " positive attribution inside the annotated object, per image set")
                .register(registry);
        this.confidentOutside = MultiGauge.builder("safegate.image.confident.outside.ratio")
                .description("Latest completed image audit per model and role: confident predictions (p >= 0.9)"
                        + " explained mostly outside the object, per image set")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        deadLetters.count(Topics.EXPLANATIONS);
        refresh();
    }

    void onRunFinished(@Observes RunTracker.RunFinished event) {
        refresh();
    }

    public synchronized void refresh() {
        try {
            List<MultiGauge.Row<?>> reliance = new ArrayList<>();
            List<MultiGauge.Row<?>> outside = new ArrayList<>();
            for (RunRecord run : runs.latestCompleted()) {
                if (!run.isImageAudit()) {
                    continue;
                }
                for (ImageAuditSummary.Cell cell : analysis.cells(run)) {
                    CellKey key = cell.key();
                    if (key.suite().equals(CellKey.ALL) || !key.category().equals(CellKey.ALL)) {
                        continue;
                    }
                    Tags tags = Tags.of("model", run.model(), "image_set", key.suite(), "role",
                            run.role().toLowerCase(Locale.ROOT));
                    if (cell.backgroundReliance() != null) {
                        reliance.add(MultiGauge.Row.of(tags, cell.backgroundReliance().value()));
                    }
                    cell.confidentOutside().rate().ifPresent(rate -> outside.add(MultiGauge.Row.of(tags, rate)));
                }
            }
            backgroundReliance.register(reliance, true);
            confidentOutside.register(outside, true);
        } catch (RuntimeException e) {
            LOG.warn("could not refresh the image audit gauges", e);
        }
    }
}
