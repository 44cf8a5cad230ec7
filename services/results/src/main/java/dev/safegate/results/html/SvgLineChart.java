package dev.safegate.results.html;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as inline SVG: one line per series over a numeric x axis (k of unsafe@k, an exit layer, a token
 * position), each point with its interval drawn as a shaded band. Written by hand for the same reason as
 * {@link SvgBarChart}: the report is one self-contained page without scripts.
 */
public final class SvgLineChart {
    /** A value at x; lower and upper bound its interval (null for none). */
    public record Point(double x, double y, Double lower, Double upper) {
    }

    /** A series: name, colour, dashed or solid, and its points in x order. */
    public record Line(String name, String color, boolean dashed, List<Point> points) {
    }

    /** How the y axis reads: rates on 0-100%, or plain numbers on the data's own range. */
    public enum Scale { PERCENT, NUMBER }

    private static final int WIDTH = 960;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;
    private static final int RIGHT = 30;
    private static final int TOP = 44;
    private static final int BOTTOM = 50;

    private SvgLineChart() {
    }

    public static String render(String title, String xLabel, String yLabel, Scale scale, List<Line> lines) {
        double[] xRange = range(lines, true, false);
        double[] yRange = scale == Scale.PERCENT ? new double[] {0, 1} : range(lines, false, true);
        Frame frame = new Frame(xRange[0], xRange[1], yRange[0], yRange[1]);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
                + "viewBox=\"0 0 %d %d\" width=\"100%%\" font-family=\"system-ui, sans-serif\" font-size=\"13\">",
                WIDTH, HEIGHT));
        svg.append("<title>").append(SvgBarChart.escape(title)).append("</title>");
        legend(svg, lines);
        axes(svg, frame, scale, xLabel, yLabel);
        for (Line line : lines) {
            band(svg, frame, line);
        }
        for (Line line : lines) {
            path(svg, frame, line);
        }
        return svg.append("</svg>").toString();
    }

    private record Frame(double xMin, double xMax, double yMin, double yMax) {
        double x(double value) {
            return LEFT + (xMax == xMin ? 0.5 : (value - xMin) / (xMax - xMin)) * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - (yMax == yMin ? 0.5 : (value - yMin) / (yMax - yMin)) * (HEIGHT - TOP - BOTTOM);
        }
    }

    /** The data's range on one axis, bands included; the y range always holds 0 and is padded a little. */
    private static double[] range(List<Line> lines, boolean x, boolean withZero) {
        double min = withZero ? 0 : Double.POSITIVE_INFINITY;
        double max = withZero ? 0 : Double.NEGATIVE_INFINITY;
        for (Line line : lines) {
            for (Point p : line.points()) {
                for (Double v : x ? new Double[] {p.x()} : new Double[] {p.y(), p.lower(), p.upper()}) {
                    if (v != null && Double.isFinite(v)) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (min > max) {
            return new double[] {0, 1};
        }
        double pad = x ? 0 : (max - min) * 0.05;
        return new double[] {min - pad, max + pad};
    }

    private static void legend(StringBuilder svg, List<Line> lines) {
        int x = LEFT;
        for (Line line : lines) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"11\" x2=\"%d\" y2=\"11\" stroke=\"%s\" "
                    + "stroke-width=\"3\"%s/><text x=\"%d\" y=\"15\" fill=\"#1f2933\">%s</text>", x, x + 22,
                    line.color(), line.dashed() ? " stroke-dasharray=\"6 4\"" : "", x + 28,
                    SvgBarChart.escape(line.name())));
            x += 50 + line.name().length() * 8;
        }
        svg.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"15\" fill=\"#52606d\">bands: confidence interval</text>", x + 10));
    }

    private static void axes(StringBuilder svg, Frame frame, Scale scale, String xLabel, String yLabel) {
        for (int i = 0; i <= 4; i++) {
            double value = frame.yMin() + (frame.yMax() - frame.yMin()) * i / 4;
            double y = frame.y(value);
            String text = scale == Scale.PERCENT ? String.format(Locale.ROOT, "%.0f%%", value * 100)
                    : String.format(Locale.ROOT, "%.2f", value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e7eb\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" dominant-baseline=\"middle\" fill=\"#52606d\">%s"
                    + "</text>", LEFT, y, WIDTH - RIGHT, y, LEFT - 8, y, text));
        }
        for (double tick : xTicks(frame)) {
            double x = frame.x(tick);
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#52606d\">"
                    + "%s</text>", x, HEIGHT - BOTTOM + 18, tick == Math.rint(tick) ? Long.toString((long) tick)
                    : String.format(Locale.ROOT, "%.2f", tick)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#1f2933\">%s"
                + "</text>", (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, SvgBarChart.escape(xLabel)));
        svg.append(String.format(Locale.ROOT, "<text x=\"16\" y=\"%d\" text-anchor=\"middle\" fill=\"#1f2933\" "
                + "transform=\"rotate(-90 16 %d)\">%s</text>", (TOP + HEIGHT - BOTTOM) / 2, (TOP + HEIGHT - BOTTOM) / 2,
                SvgBarChart.escape(yLabel)));
    }

    /** Whole-number ticks when the x axis counts (k, layers, positions), at most about 12 of them. */
    private static List<Double> xTicks(Frame frame) {
        List<Double> ticks = new ArrayList<>();
        double span = frame.xMax() - frame.xMin();
        double step = Math.max(1, Math.ceil(span / 12));
        for (double t = Math.ceil(frame.xMin()); t <= frame.xMax() + 1e-9; t += step) {
            ticks.add(t);
        }
        return ticks;
    }

    private static void band(StringBuilder svg, Frame frame, Line line) {
        List<Point> withBand = line.points().stream().filter(p -> p.lower() != null && p.upper() != null).toList();
        if (withBand.size() < 2) {
            return;
        }
        StringBuilder points = new StringBuilder();
        withBand.forEach(p -> points.append(String.format(Locale.ROOT, "%.1f,%.1f ", frame.x(p.x()), frame.y(p.upper()))));
        withBand.reversed().forEach(p -> points.append(String.format(Locale.ROOT, "%.1f,%.1f ", frame.x(p.x()),
                frame.y(p.lower()))));
        svg.append(String.format(Locale.ROOT, "<polygon points=\"%s\" fill=\"%s\" fill-opacity=\"0.15\" stroke=\"none\"/>",
                points.toString().strip(), line.color()));
    }

    private static void path(StringBuilder svg, Frame frame, Line line) {
        StringBuilder d = new StringBuilder();
        for (Point p : line.points()) {
            d.append(d.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", frame.x(p.x()),
                    frame.y(p.y())));
        }
        svg.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"%s/>",
                d, line.color(), line.dashed() ? " stroke-dasharray=\"6 4\"" : ""));
        for (Point p : line.points()) {
            svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"><title>%s at %s: "
                            + "%s%s</title></circle>", frame.x(p.x()), frame.y(p.y()), line.color(),
                    SvgBarChart.escape(line.name()), format(p.x()), format(p.y()),
                    p.lower() == null ? "" : " [" + format(p.lower()) + ", " + format(p.upper()) + "]"));
        }
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
