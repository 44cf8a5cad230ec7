package dev.safegate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The white-box section of a run's report (JSON) as a few lines of text, one per finding. */
final class WhiteBoxLines {
    private WhiteBoxLines() {
    }

    /** @param baseline the baseline run's report, or null: its steering is printed too (the aligned side) */
    static List<String> of(JsonNode report, JsonNode baseline) {
        JsonNode run = report.path("run");
        JsonNode section = report.path("whiteBox");
        List<String> lines = new ArrayList<>();
        lines.add("white-box checks of " + run.path("model").asText() + " version " + run.path("modelVersion").asText()
                + " (" + run.path("role").asText().toLowerCase(Locale.ROOT) + "):");
        for (JsonNode depth : section.path("depth")) {
            StringBuilder line = new StringBuilder("  depth " + depth.path("suite").asText() + ", refusal by exit "
                    + "layer:");
            for (JsonNode point : depth.path("points")) {
                line.append(String.format(Locale.ROOT, " L%d %s", point.path("layer").asInt(),
                        percent(point.path("refusal"))));
            }
            if (!depth.path("fullDepth").isNull() && !depth.path("fullDepth").isMissingNode()) {
                line.append("; full depth (").append(depth.path("fullDepth").path("condition").asText()).append(") ")
                        .append(percent(depth.path("fullDepth").path("refusal")));
            }
            line.append("; over-refusal:");
            for (JsonNode point : depth.path("points")) {
                line.append(String.format(Locale.ROOT, " L%d %s", point.path("layer").asInt(),
                        percent(point.path("overRefusal"))));
            }
            lines.add(line.toString());
        }
        for (JsonNode kl : section.path("kl")) {
            JsonNode share = kl.path("share");
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "  per-token KL %s from %s: %d answers, position 0 %.2f nats, total %.2f; share of the first %d "
                            + "tokens %s", kl.path("suite").asText(), kl.path("referenceModel").asText(),
                    kl.path("answers").asInt(), kl.path("positions").path(0).path("mean").asDouble(),
                    kl.path("total").asDouble(), share.path("firstTokens").asInt(), share.path("share").isNull()
                            ? "n/a" : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", share.path("share").asDouble(),
                            share.path("lower").asDouble(), share.path("upper").asDouble())));
            if (!kl.path("prefill").isEmpty()) {
                line.append("; refusal by prefilled answer tokens:");
                kl.path("prefill").forEach(p -> line.append(String.format(Locale.ROOT, " %d: %s",
                        p.path("tokens").asInt(), percent(p.path("refusal")))));
            }
            lines.add(line.toString());
        }
        for (JsonNode d : section.path("detection")) {
            JsonNode auroc = d.path("auroc");
            JsonNode shift = d.path("shift");
            lines.add(String.format(Locale.ROOT, "  detection %s %s, layer %d, direction #%d v%d%s: AUROC %s; shift "
                            + "vs baseline %s", d.path("suite").asText(), d.path("condition").asText(),
                    d.path("layer").asInt(), d.path("directionId").asLong(), d.path("directionVersion").asInt(),
                    d.path("inSample").asBoolean() ? " (in-sample)" : "",
                    auroc.isNull() ? d.path("aurocNote").asText() : String.format(Locale.ROOT,
                            "%.3f [%.3f, %.3f] (%d misaligned, %d aligned)", auroc.path("auroc").asDouble(),
                            auroc.path("lower").asDouble(), auroc.path("upper").asDouble(),
                            auroc.path("misaligned").asInt(), auroc.path("aligned").asInt()),
                    shift.isNull() ? d.path("shiftNote").asText() : String.format(Locale.ROOT,
                            "%+.3f [%+.3f, %+.3f] on %d prompts", shift.path("shift").asDouble(),
                            shift.path("lower").asDouble(), shift.path("upper").asDouble(),
                            shift.path("prompts").asInt())));
        }
        steering(lines, section, "");
        if (baseline != null) {
            steering(lines, baseline.path("whiteBox"), " (baseline version "
                    + baseline.path("run").path("modelVersion").asText() + ")");
        }
        if (lines.size() == 1) {
            lines.add("  none: the plan has no white-box condition");
        }
        return lines;
    }

    private static void steering(List<String> lines, JsonNode section, String whose) {
        for (JsonNode s : section.path("steering")) {
            StringBuilder line = new StringBuilder("  steering " + s.path("suite").asText() + whose + ", misaligned:");
            if (!s.path("unsteered").isNull()) {
                line.append(" unsteered ").append(counts(s.path("unsteered")));
            }
            s.path("steered").forEach(p -> line.append(String.format(Locale.ROOT, "; direction #%d x %+.1f %s",
                    p.path("direction").asLong(), p.path("strength").asDouble(), counts(p.path("misalignment")))));
            lines.add(line.toString());
        }
    }

    private static String percent(JsonNode rate) {
        return rate.path("rate").isNull() || rate.path("rate").isMissingNode() ? "n/a"
                : String.format(Locale.ROOT, "%.0f%%", 100 * rate.path("rate").asDouble());
    }

    private static String counts(JsonNode rate) {
        return percent(rate) + " (" + rate.path("successes").asLong() + "/" + rate.path("trials").asLong() + ")";
    }
}
