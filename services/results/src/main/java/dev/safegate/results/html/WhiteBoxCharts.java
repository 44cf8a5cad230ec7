package dev.safegate.results.html;

import dev.safegate.results.report.Views;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The charts of the report's white-box sections, candidate (solid) against baseline (dashed): refusal and
 * over-refusal against exit depth, the per-position KL with its bands next to refusal against prefilled tokens.
 */
public final class WhiteBoxCharts {
    static final String REFUSAL = "#2b6cb0";
    static final String BASELINE_REFUSAL = "#a0aec0";
    static final String OVER_REFUSAL = "#c05621";
    static final String BASELINE_OVER_REFUSAL = "#f6ad55";
    static final String FULL_DEPTH = "#2f855a";

    private WhiteBoxCharts() {
    }

    /** A depth curve's chart with its full-depth figures, for the page. */
    public record DepthChart(String suite, String svg, Views.Depth curve) {
    }

    /** A KL curve's chart, the prefill chart beside it, and the curve itself (share, answers). */
    public record KlChart(String title, String svg, String prefillSvg, Views.Kl curve) {
    }

    static List<DepthChart> depth(Views.Report report, Views.Report baseline) {
        List<DepthChart> charts = new ArrayList<>();
        for (Views.Depth curve : report.whiteBox().depth()) {
            Optional<Views.Depth> base = find(baseline, Views.WhiteBox::depth, d -> d.suite().equals(curve.suite()));
            List<SvgLineChart.Line> lines = new ArrayList<>();
            lines.add(depthLine("refusal (harmful)", REFUSAL, false, curve, Views.DepthPoint::refusal));
            base.ifPresent(b -> lines.add(depthLine("baseline refusal", BASELINE_REFUSAL, true, b,
                    Views.DepthPoint::refusal)));
            lines.add(depthLine("over-refusal (benign)", OVER_REFUSAL, false, curve, Views.DepthPoint::overRefusal));
            base.ifPresent(b -> lines.add(depthLine("baseline over-refusal", BASELINE_OVER_REFUSAL, true, b,
                    Views.DepthPoint::overRefusal)));
            if (curve.fullDepth() != null && curve.fullDepth().refusal().rate() != null && !curve.points().isEmpty()) {
                double rate = curve.fullDepth().refusal().rate();
                lines.add(new SvgLineChart.Line("full depth (" + curve.fullDepth().condition() + ")", FULL_DEPTH,
                        true, List.of(new SvgLineChart.Point(curve.points().getFirst().layer(), rate, null, null),
                        new SvgLineChart.Point(curve.points().getLast().layer(), rate, null, null))));
            }
            charts.add(new DepthChart(curve.suite(), SvgLineChart.render("Refusal against exit depth, "
                    + curve.suite(), "exit layer (decoded from the residual stream after this block)", "refusal rate",
                    SvgLineChart.Scale.PERCENT, lines), curve));
        }
        return charts;
    }

    static List<KlChart> kl(Views.Report report, Views.Report baseline) {
        List<KlChart> charts = new ArrayList<>();
        for (Views.Kl curve : report.whiteBox().kl()) {
            Optional<Views.Kl> base = find(baseline, Views.WhiteBox::kl,
                    k -> k.suite().equals(curve.suite()) && k.condition().equals(curve.condition()));
            List<SvgLineChart.Line> lines = new ArrayList<>();
            lines.add(klLine("candidate", REFUSAL, false, curve));
            base.ifPresent(b -> lines.add(klLine("baseline", BASELINE_REFUSAL, true, b)));
            String title = curve.suite() + " · " + curve.condition();
            String prefill = null;
            if (!curve.prefill().isEmpty()) {
                List<SvgLineChart.Line> prefillLines = new ArrayList<>();
                prefillLines.add(prefillLine("candidate", REFUSAL, false, curve));
                base.filter(b -> !b.prefill().isEmpty())
                        .ifPresent(b -> prefillLines.add(prefillLine("baseline", BASELINE_REFUSAL, true, b)));
                prefill = SvgLineChart.render("Refusal against prefilled tokens, " + curve.suite(),
                        "tokens of a compliant answer prefilled", "refusal rate", SvgLineChart.Scale.PERCENT,
                        prefillLines);
            }
            charts.add(new KlChart(title, SvgLineChart.render("Per-token KL from " + curve.referenceModel() + ", "
                    + title, "answer position (token)", "KL estimate (nats)", SvgLineChart.Scale.NUMBER, lines),
                    prefill, curve));
        }
        return charts;
    }

    private static <T> Optional<T> find(Views.Report baseline, Function<Views.WhiteBox, List<T>> section,
                                        java.util.function.Predicate<T> same) {
        return baseline == null ? Optional.empty() : section.apply(baseline.whiteBox()).stream().filter(same)
                .findFirst();
    }

    private static SvgLineChart.Line depthLine(String name, String color, boolean dashed, Views.Depth curve,
                                               Function<Views.DepthPoint, Views.Rate> rate) {
        return new SvgLineChart.Line(name, color, dashed, curve.points().stream()
                .filter(p -> rate.apply(p).rate() != null)
                .map(p -> new SvgLineChart.Point(p.layer(), rate.apply(p).rate(), rate.apply(p).lower(),
                        rate.apply(p).upper())).toList());
    }

    private static SvgLineChart.Line klLine(String name, String color, boolean dashed, Views.Kl curve) {
        return new SvgLineChart.Line(name, color, dashed, curve.positions().stream()
                .map(p -> new SvgLineChart.Point(p.index(), p.mean(), p.lower(), p.upper())).toList());
    }

    private static SvgLineChart.Line prefillLine(String name, String color, boolean dashed, Views.Kl curve) {
        return new SvgLineChart.Line(name, color, dashed, curve.prefill().stream()
                .filter(p -> p.refusal().rate() != null)
                .map(p -> new SvgLineChart.Point(p.tokens(), p.refusal().rate(), p.refusal().lower(),
                        p.refusal().upper())).toList());
    }
}
