package dev.safegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Prints a run's decision and its table of cells, or its white-box checks, from the results service. */
@Command(name = "report", mixinStandardHelpOptions = true, description = "Print a run's decision and cells.")
public class ReportCommand implements Callable<Integer> {

    @Option(names = "--results", defaultValue = "${env:SAFEGATE_RESULTS_URL:-http://127.0.0.1:8082}",
            description = "results URL (default ${DEFAULT-VALUE})")
    String results;

    @Parameters(index = "0", description = "run id")
    String id;

    @Option(names = "--all-categories", description = "also print one row per category (default: totals only)")
    boolean allCategories;

    @Option(names = "--cells-only", description = "print only the table of cells (for a caller that has already"
            + " printed the decision, as `run watch` does)")
    boolean cellsOnly;

    @Option(names = "--white-box", description = "print only the white-box checks (depth curve, per-token KL, "
            + "detection, steering validation)")
    boolean whiteBox;

    @Override
    public Integer call() throws Exception {
        JsonNode report = new ApiClient(results, null).get("/api/v1/runs/" + id + "/report");
        if (whiteBox) {
            String baselineId = report.path("run").path("baselineRunId").asText("");
            JsonNode baseline = baselineId.isEmpty() ? null
                    : new ApiClient(results, null).get("/api/v1/runs/" + baselineId + "/report");
            WhiteBoxLines.of(report, baseline).forEach(System.out::println);
            return 0;
        }
        JsonNode run = report.path("run");
        JsonNode decision = report.path("decision");
        if (!cellsOnly) {
            System.out.println("run " + run.path("runId").asText() + ": " + run.path("model").asText() + " version "
                    + run.path("modelVersion").asText() + " (" + run.path("role").asText() + "), "
                    + run.path("state").asText());
            System.out.println("decision: " + decision.path("outcome").asText("none yet"));
            decision.path("reasons").forEach(reason -> System.out.println("  - " + reason.asText()));
            System.out.println();
        }
        String format = "%-22s %-22s %-18s %6s  %-26s %-26s %-26s%n";
        System.out.printf(Locale.ROOT, format, "suite", "condition", "category", "n", "refusal (harmful) [95% CI]",
                "over-refusal (benign)", "unsafe (harm judge)");
        for (JsonNode cell : report.path("cells")) {
            boolean total = cell.path("category").asText().equals("(all)");
            if (total || allCategories) {
                System.out.printf(Locale.ROOT, format, cell.path("suite").asText(), cell.path("condition").asText(),
                        cell.path("category").asText(), cell.path("observations").asText(),
                        rate(cell.path("harmfulRefusal")), rate(cell.path("overRefusal")),
                        cell.path("unsafe").isNull() ? "not measured" : rate(cell.path("unsafe")));
            }
        }
        if (!cellsOnly) {
            System.out.println();
            String html = report.path("links").path("html").asText();
            System.out.println("HTML report: " + (html.startsWith("/") ? results.replaceAll("/+$", "") + html : html));
        }
        return 0;
    }

    static String rate(JsonNode rate) {
        if (rate.path("rate").isNull() || rate.path("rate").isMissingNode()) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%5.1f%% [%4.1f, %5.1f]", 100 * rate.path("rate").asDouble(),
                100 * rate.path("lower").asDouble(), 100 * rate.path("upper").asDouble());
    }
}
