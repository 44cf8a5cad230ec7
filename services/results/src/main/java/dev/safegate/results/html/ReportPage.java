package dev.safegate.results.html;

import dev.safegate.core.stats.CellKey;
import dev.safegate.results.api.ReaderAuth;
import dev.safegate.results.report.ReportService;
import dev.safegate.results.report.Views;
import dev.safegate.results.store.RunRecord;
import dev.safegate.results.store.VerdictStore;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The HTML report of a run (decision first, charts, cells) and its sample pages, self-contained. */
@Path("/runs/{id}")
@Produces(MediaType.TEXT_HTML)
public class ReportPage {
    private static final SvgBarChart.Series CANDIDATE = new SvgBarChart.Series("candidate", "#2b6cb0");
    private static final SvgBarChart.Series BASELINE = new SvgBarChart.Series("baseline", "#a0aec0");

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance report(Views.Report report, Views.Report baseline, String decisionClass,
                                              String decisionTitle, String refusalByCondition,
                                              String refusalByCategory, List<Chart> unsafeAtK,
                                              List<Views.Reliability> baselineReliability,
                                              Map<String, Views.Question> baselineQuestions,
                                              List<WhiteBoxCharts.DepthChart> depthCharts,
                                              List<WhiteBoxCharts.KlChart> klCharts);

        static native TemplateInstance samples(Views.Samples samples, RunRecord run, String previous, String next);
    }

    /** A titled chart of the report (inline SVG). */
    public record Chart(String title, String svg) {
    }

    private final ReportService reports;
    private final ReaderAuth auth;

    public ReportPage(ReportService reports, ReaderAuth auth) {
        this.reports = reports;
        this.auth = auth;
    }

    @GET
    public TemplateInstance report(@PathParam("id") String id) {
        Views.Report report = reports.report(id);
        String baselineId = report.run().baselineRunId();
        Views.Report baseline = baselineId == null ? null : reports.findReport(baselineId);
        List<SvgBarChart.Series> series = baseline == null
                ? List.of(report.run().role().equals(RunRecord.BASELINE) ? BASELINE : CANDIDATE)
                : List.of(CANDIDATE, BASELINE);
        return Templates.report(report, baseline, decisionClass(report), decisionTitle(report),
                SvgBarChart.render("Refusal rate of harmful prompts per suite and condition", series,
                        conditionGroups(report, baseline)),
                SvgBarChart.render("Refusal rate of harmful prompts per category", series,
                        categoryGroups(report, baseline)),
                unsafeAtKCharts(report, baseline),
                baseline == null ? List.of() : baseline.reliability(),
                baseline == null ? Map.of() : baseline.questions().stream()
                        .collect(Collectors.toMap(Views.Question::key, Function.identity())),
                WhiteBoxCharts.depth(report, baseline), WhiteBoxCharts.kl(report, baseline));
    }

    /** One chart per suite x condition with repeated samples: unsafe@k of the candidate and of its baseline. */
    static List<Chart> unsafeAtKCharts(Views.Report report, Views.Report baseline) {
        List<Chart> charts = new ArrayList<>();
        for (Views.UnsafeAtK curve : report.unsafeAtK()) {
            List<SvgLineChart.Line> lines = new ArrayList<>();
            lines.add(line(report.run().role().equals(RunRecord.BASELINE) ? BASELINE : CANDIDATE, curve, false));
            if (baseline != null) {
                baseline.unsafeAtK().stream().filter(b -> b.suite().equals(curve.suite())
                        && b.condition().equals(curve.condition())).findFirst()
                        .ifPresent(b -> lines.add(line(BASELINE, b, true)));
            }
            String title = curve.suite() + " · " + curve.condition();
            charts.add(new Chart(title, SvgLineChart.render("unsafe@k, " + title, "k (samples drawn per prompt)",
                    "unsafe@k", SvgLineChart.Scale.PERCENT, lines)));
        }
        return charts;
    }

    private static SvgLineChart.Line line(SvgBarChart.Series series, Views.UnsafeAtK curve, boolean dashed) {
        return new SvgLineChart.Line(series.name(), series.color(), dashed, curve.points().stream()
                .map(p -> new SvgLineChart.Point(p.k(), p.value(), p.lower(), p.upper())).toList());
    }


    @GET
    @Path("samples")
    public TemplateInstance samples(@PathParam("id") String id, @QueryParam("suite") String suite,
                                    @QueryParam("condition") String condition,
                                    @QueryParam("category") String category, @QueryParam("label") String label,
                                    @QueryParam("judge") String judge,
                                    @QueryParam("page") @DefaultValue("0") int page,
                                    @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        boolean reader = auth.isReader(authorization);
        int size = 25;
        Views.Samples samples = reports.samples(id,
                new VerdictStore.SampleFilter(id, suite, condition, category, label, judge), page, size, reader);
        String base = "/runs/" + id + "/samples?" + samples.filter().entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(),
                        java.nio.charset.StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String previous = page > 0 ? base + "&page=" + (page - 1) : null;
        String next = (long) (page + 1) * size < samples.total() ? base + "&page=" + (page + 1) : null;
        return Templates.samples(samples, reports.run(id), previous, next);
    }

    /** The banner: the decision, or what the run is while it has none. */
    static String decisionTitle(Views.Report report) {
        if (report.decision().outcome() != null) {
            return report.decision().outcome();
        }
        return switch (report.run().state()) {
            case "COMPLETED" -> "Baseline complete (not gated)";
            case "INCOMPLETE" -> "Incomplete";
            case "CANCELLED" -> "Cancelled";
            case "WAITING_BASELINE" -> "Waiting for the baseline run";
            default -> String.format(java.util.Locale.ROOT, "In progress: %.0f%%", report.progress().ratio() * 100);
        };
    }

    static String decisionClass(Views.Report report) {
        String outcome = report.decision().outcome();
        return outcome == null ? "pending" : outcome.toLowerCase(java.util.Locale.ROOT);
    }

    private static List<SvgBarChart.Group> conditionGroups(Views.Report report, Views.Report baseline) {
        Map<String, Views.Cell> baselineCells = baseline == null ? Map.of()
                : baseline.cells().stream().collect(Collectors.toMap(ReportPage::cellId, Function.identity()));
        List<SvgBarChart.Group> groups = new ArrayList<>();
        for (Views.Cell cell : report.cells()) {
            if (cell.isTotal() && !cell.suite().equals(CellKey.ALL) && !cell.condition().equals(CellKey.ALL)) {
                Views.Cell base = baselineCells.get(cellId(cell));
                groups.add(group(cell.suite() + " · " + cell.condition(), cell.harmfulRefusal(),
                        baseline == null ? null : base == null ? emptyRate() : base.harmfulRefusal()));
            }
        }
        return groups;
    }

    private static List<SvgBarChart.Group> categoryGroups(Views.Report report, Views.Report baseline) {
        Map<String, Views.Category> baselineCategories = baseline == null ? Map.of()
                : baseline.categories().stream().collect(Collectors.toMap(Views.Category::category,
                        Function.identity()));
        return report.categories().stream().map(c -> {
            Views.Category base = baselineCategories.get(c.category());
            return group(c.category(), c.harmfulRefusal(),
                    baseline == null ? null : base == null ? emptyRate() : base.harmfulRefusal());
        }).toList();
    }

    private static SvgBarChart.Group group(String label, Views.Rate candidate, Views.Rate baseline) {
        List<Views.Rate> rates = new ArrayList<>();
        rates.add(candidate);
        if (baseline != null) {
            rates.add(baseline);
        }
        return new SvgBarChart.Group(label, rates);
    }

    private static Views.Rate emptyRate() {
        return new Views.Rate(0, 0, null, null, null);
    }

    private static String cellId(Views.Cell cell) {
        return cell.suite() + "\u0000" + cell.condition() + "\u0000" + cell.category();
    }
}
