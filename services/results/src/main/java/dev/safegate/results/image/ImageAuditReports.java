package dev.safegate.results.image;

import dev.safegate.core.image.ImageOutcome;
import dev.safegate.results.api.ProblemException;
import dev.safegate.results.report.ReportService;
import dev.safegate.results.report.Views;
import dev.safegate.results.store.ImageExplanationRow;
import dev.safegate.results.store.ImageExplanationStore;
import dev.safegate.results.store.RunProgressStore;
import dev.safegate.results.store.RunRecord;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds image audit reports: the measures per cell, and each image's explanation beside the baseline's. */
@ApplicationScoped
public class ImageAuditReports {
    private final RunProgressStore runs;
    private final ImageExplanationStore explanations;
    private final ImageAuditAnalysis analysis;
    private final ReportService reports;

    public ImageAuditReports(RunProgressStore runs, ImageExplanationStore explanations, ImageAuditAnalysis analysis,
                             ReportService reports) {
        this.runs = runs;
        this.explanations = explanations;
        this.analysis = analysis;
        this.reports = reports;
    }

    public ImageAuditViews.Report report(String runId) {
        RunRecord run = reports.run(runId);
        if (!run.isImageAudit()) {
            throw ProblemException.notFound("run " + runId + " is not an image audit");
        }
        RunRecord baseline = run.hasBaseline() ? runs.find(run.baselineRunId()).orElse(null) : null;
        Map<String, ImageExplanationRow> baselineRows = baseline == null ? Map.of()
                : analysis.rows(baseline).stream().collect(Collectors.toMap(ImageAuditReports::key,
                        Function.identity(), (a, b) -> a));
        List<ImageAuditViews.ImagePair> pairs = new ArrayList<>();
        for (ImageExplanationRow row : analysis.rows(run)) {
            ImageExplanationRow base = baselineRows.get(key(row));
            pairs.add(new ImageAuditViews.ImagePair(row.imageSet(), row.imageId(), row.label(),
                    ImageAuditViews.Image.of(runId, row),
                    base == null ? null : ImageAuditViews.Image.of(baseline.runId(), base),
                    ImageAuditViews.flag(row, base)));
        }
        return new ImageAuditViews.Report(Views.Run.of(run), new Views.Decision(run.decision(), run.reasons()),
                baseline == null ? null : baseline.runId(), ImageOutcome.CONFIDENT,
                analysis.cells(run).stream().map(ImageAuditViews.Cell::of).toList(),
                pairs.stream().filter(p -> p.flag() != null).toList(), pairs);
    }

    /** The overlay PNG of one image of the run. */
    public byte[] overlay(String runId, String taskId) {
        return explanations.overlay(runId, taskId)
                .orElseThrow(() -> ProblemException.notFound("no overlay of task " + taskId + " in run " + runId));
    }

    private static String key(ImageExplanationRow row) {
        return row.imageSet() + "\u0000" + row.imageId();
    }
}
