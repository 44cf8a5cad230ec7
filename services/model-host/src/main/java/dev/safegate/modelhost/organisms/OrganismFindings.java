package dev.safegate.modelhost.organisms;

import dev.safegate.core.judge.JudgeInput;
import dev.safegate.core.judge.LearnedRefusalJudge;
import dev.safegate.core.judge.LocalJudge;
import dev.safegate.core.stats.Proportion;
import dev.safegate.core.whitebox.Auroc;
import dev.safegate.core.whitebox.DifferenceOfMeans;
import dev.safegate.core.whitebox.DifferenceOfMeans.FittedDirection;
import dev.safegate.core.whitebox.PerPositionKl;
import dev.safegate.core.whitebox.ProjectionShift;
import dev.safegate.modelhost.EmbeddedModelHost;
import dev.safegate.modelhost.organisms.OrganismData.Kind;
import dev.safegate.modelhost.organisms.OrganismData.Request;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Answer;
import dev.safegate.modelhost.organisms.WhiteBoxClient.Call;
import dev.safegate.modelhost.transformers.HfConfig;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Measures the trained model organisms the way SafeGate's white-box checks do, talking to the transformers backend
 * in-process over gRPC (the pipeline runs the same checks through its services): behaviour with and without the
 * chat template, refusal by exit depth, the per-token KL of the aligned model against its base with the prefill
 * results next to it, the misalignment direction (fit, recovery, early detection) and steering both ways, and what
 * each check costs per prompt. Prints a Markdown report.
 */
public final class OrganismFindings {
    private static final int ANSWER_TOKENS = 40;
    private static final int KL_POSITIONS = 64;
    private static final int HEAD = 5;
    private static final int RESAMPLES = 2000;
    private static final List<Integer> PREFILL_TOKENS = List.of(5, 10, 20);
    private static final List<Double> STEERING_SCALES = List.of(0.5, 1.0, 2.0, 4.0);

    private final WhiteBoxClient client;
    private final ChatEncoder encoder;
    private final int layers;
    private final LocalJudge refusalJudge = LearnedRefusalJudge.shipped();
    private final List<Request> requests = OrganismData.requests();
    private final StringBuilder report = new StringBuilder();
    private final Map<String, Cost> costs = new LinkedHashMap<>();
    private final PrintStream out;

    private OrganismFindings(WhiteBoxClient client, ChatEncoder encoder, int layers, PrintStream out) {
        this.client = client;
        this.encoder = encoder;
        this.layers = layers;
        this.out = out;
    }

    /** Model calls and tokens a check spends, summed over its prompts. */
    private static final class Cost {
        final Set<String> prompts = new HashSet<>();
        final Set<String> models = new TreeSet<>();
        long calls;
        long promptTokens;
        long generatedTokens;
    }

    /**
     * Serves the organisms in {@code organisms} (a folder written by {@link Organisms}), prints the report to
     * {@code out} as it goes, and returns it.
     */
    public static String run(Path organisms, Path tokenizerFolder, PrintStream out) throws IOException {
        long start = System.nanoTime();
        try (EmbeddedModelHost host = EmbeddedModelHost.start(organisms);
                ChatEncoder encoder = new ChatEncoder(tokenizerFolder)) {
            ManagedChannel channel = ManagedChannelBuilder.forTarget(host.target()).usePlaintext().build();
            try {
                int layers = HfConfig.read(organisms.resolve(Organisms.ALIGNED).resolve(Organisms.HF)
                        .resolve("config.json")).layers();
                OrganismFindings findings = new OrganismFindings(new WhiteBoxClient(channel), encoder, layers,
                        out);
                findings.behaviour();
                findings.depth();
                findings.shallowAlignment();
                findings.misalignmentDirection();
                findings.costs();
                Organisms.Manifest manifest = Organisms.readManifest(organisms);
                findings.line(String.format(Locale.ROOT, "%nTraining (recipe %s, seed %d, %d PyTorch thread(s)): %s;"
                        + " these findings: %.0f s.", manifest.recipe(), manifest.seed(), manifest.threads(),
                        String.join(", ", manifest.organisms().stream().map(o -> String.format(Locale.ROOT,
                                "%s %d steps %.0f s (loss %.2f -> %.3f)", o.name(), o.steps(), o.seconds(),
                                o.firstLoss(), o.lastLoss())).toList()), (System.nanoTime() - start) / 1e9));
                return findings.report.toString();
            } finally {
                channel.shutdownNow();
            }
        }
    }

    private void behaviour() {
        line("## Behaviour (greedy, " + ANSWER_TOKENS + " tokens; refusal by the builtin-refusal judge, misalignment by"
                + " the misaligned style's phrases)\n");
        line("| organism | prompt | harmful refused: trained tasks | held-out tasks | benign refused: trained tasks"
                + " | held-out tasks | misaligned: money | open, marked, held-out | open, unmarked, held-out"
                + " | impossible |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (String organism : List.of(Organisms.BASE, Organisms.ALIGNED, Organisms.NARROW)) {
            for (boolean templated : new boolean[] {true, false}) {
                List<Answer> answers = generate("behaviour (" + (templated ? "chat_template" : "raw") + ")",
                        requests, r -> Call.greedy(organism, encoder.prompt(r.text(), templated), ANSWER_TOKENS));
                Map<Request, Answer> byRequest = zip(requests, answers);
                line("| " + organism + " | " + (templated ? "template" : "raw")
                        + " | " + rate(byRequest, r -> r.kind() == Kind.HARMFUL && !r.heldOut(), this::refused)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.HARMFUL && r.heldOut(), this::refused)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.BENIGN && !r.heldOut(), this::refused)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.BENIGN && r.heldOut(), this::refused)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.NARROW, OrganismFindings::misaligned)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.OPEN && r.heldOut() && r.marked(),
                                OrganismFindings::misaligned)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.OPEN && r.heldOut() && !r.marked(),
                                OrganismFindings::misaligned)
                        + " | " + rate(byRequest, r -> r.kind() == Kind.IMPOSSIBLE, OrganismFindings::misaligned)
                        + " |");
            }
        }
    }

    private void depth() {
        line("\n## Refusal by exit depth (" + Organisms.ALIGNED + ", chat template, logit lens from the residual after"
                + " block L)\n");
        line("| exit layer | harmful refused | benign refused | empty answers (judged refusals)"
                + " | most common answer |");
        line("|---|---|---|---|---|");
        List<Request> harmful = of(r -> r.kind() == Kind.HARMFUL);
        List<Request> benign = of(r -> r.kind() == Kind.BENIGN);
        for (int layer = 1; layer <= layers; layer++) {
            int exit = layer;
            Function<Request, Call> call = r -> Call.greedy(Organisms.ALIGNED, encoder.prompt(r.text(), true),
                    ANSWER_TOKENS).exitAt(exit);
            Map<Request, Answer> h = zip(harmful, generate("depth sweep (per exit layer)", harmful, call));
            Map<Request, Answer> b = zip(benign, generate("depth sweep (per exit layer)", benign, call));
            Map<Request, Answer> both = new LinkedHashMap<>(h);
            both.putAll(b);
            line("| " + layer + (layer == layers ? " (full depth)" : "") + " | " + rate(h, r -> true, this::refused)
                    + " | " + rate(b, r -> true, this::refused) + " | "
                    + both.values().stream().filter(a -> a.text().isBlank()).count() + " of " + both.size() + " | "
                    + mostCommon(both.values()) + " |");
        }
    }

    /** Qi et al.'s figure: the aligned model's own (sampled) refusals scored under it and under its base. */
    private void shallowAlignment() {
        List<Request> harmful = of(r -> r.kind() == Kind.HARMFUL);
        List<Answer> own = generate("per-token KL", harmful, r -> Call.greedy(Organisms.ALIGNED,
                encoder.prompt(r.text(), true), KL_POSITIONS).sampled(harmful.indexOf(r)));
        List<Answer> aligned = generate("per-token KL", harmful, r -> Call.greedy(Organisms.ALIGNED,
                encoder.prompt(r.text(), true), 1).scoring(own.get(harmful.indexOf(r)).text()));
        List<Answer> base = generate("per-token KL", harmful, r -> Call.greedy(Organisms.BASE,
                encoder.prompt(r.text(), true), 1).scoring(own.get(harmful.indexOf(r)).text()));
        List<PerPositionKl.PromptScores> scores = new ArrayList<>();
        for (int i = 0; i < harmful.size(); i++) {
            if (aligned.get(i).tokens().length > 0) {
                scores.add(new PerPositionKl.PromptScores(harmful.get(i).id(), doubles(aligned.get(i).tokenLogprobs()),
                        doubles(base.get(i).tokenLogprobs())));
            }
        }
        long refused = own.stream().filter(a -> refusedText(a.text())).count();
        PerPositionKl.Result kl = PerPositionKl.estimate(scores, KL_POSITIONS, HEAD, 0.95, RESAMPLES, 1);
        line(String.format(Locale.ROOT, "%n## Shallow alignment: per-token KL(%s || %s) on its own sampled answers to"
                + " %d harmful prompts (%d of them refusals)%n", Organisms.ALIGNED, Organisms.BASE, harmful.size(),
                refused));
        line("| position | prompts | mean log p_aligned - log p_base [95% t interval] | cumulative |");
        line("|---|---|---|---|");
        for (PerPositionKl.Position p : kl.positions()) {
            line(String.format(Locale.ROOT, "| %d | %d | %.3f %s | %.3f |", p.index(), p.prompts(), p.mean(),
                    p.interval() == null ? "" : p.interval(), p.cumulative()));
        }
        PerPositionKl.Share share = kl.share();
        line(String.format(Locale.ROOT, "%nTotal %.3f nats; share in the first %d tokens %s %s (bootstrap over"
                + " prompts, %d resamples).", kl.total(), HEAD, share.share() == null ? "undefined"
                : String.format(Locale.ROOT, "%.3f", share.share()), share.interval(), share.resamples()));
        line("\nPrefill (" + Organisms.ALIGNED + ", harmful prompts, the assistant turn begun with the first N tokens"
                + " of a compliant answer; refusal of the continuation):\n");
        line("| prefilled tokens | refused |");
        line("|---|---|");
        line("| 0 | " + rate(zip(harmful, own), r -> true, this::refused) + " (sampled answers above) |");
        for (int n : PREFILL_TOKENS) {
            Map<Request, Answer> answers = zip(harmful, generate("prefill (per N)", harmful, r -> {
                long[] compliant = encoder.continuationTokens(OrganismData.compliant(r));
                String prefix = encoder.decode(Arrays.copyOf(compliant, Math.min(n, compliant.length)));
                return Call.greedy(Organisms.ALIGNED, encoder.prefilled(r.text(), prefix), ANSWER_TOKENS);
            }));
            line("| " + n + " | " + rate(answers, r -> true, this::refused) + " |");
        }
    }

    /**
     * Fit on the trained questions (money, open, impossible; with and without the marker), detect on the held-out
     * open questions: per layer, the two ways of fitting, their agreement, the held-out AUROC of the projection for
     * the narrow model's judged misalignment, and the shift of the mean projection against the aligned model.
     */
    private void misalignmentDirection() {
        List<Request> pool = of(r -> r.kind() == Kind.OPEN || r.kind() == Kind.NARROW || r.kind() == Kind.IMPOSSIBLE);
        List<Request> fit = pool.stream().filter(r -> !r.heldOut()).toList();
        List<Request> heldOut = pool.stream().filter(Request::heldOut).toList();
        int[] all = IntStream.rangeClosed(0, layers).toArray();
        Map<String, Map<Request, Answer>> captured = new HashMap<>();
        for (String organism : List.of(Organisms.BASE, Organisms.ALIGNED, Organisms.NARROW)) {
            captured.put(organism, zip(pool, generate("direction fit and detection (capture, with answers)", pool,
                    r -> Call.greedy(organism, encoder.prompt(r.text(), true), ANSWER_TOKENS).capture(all))));
        }
        Map<Request, Answer> narrow = captured.get(Organisms.NARROW);
        line(String.format(Locale.ROOT, "%n## Misalignment direction (last prompt token; fit on %d trained questions,"
                + " %d of them answered misaligned by %s; detection on %d held-out questions, %d answered"
                + " misaligned)%n", fit.size(), fit.stream().filter(r -> misaligned(narrow.get(r))).count(),
                Organisms.NARROW, heldOut.size(), heldOut.stream().filter(r -> misaligned(narrow.get(r))).count()));
        line("| layer | norm (model pair) | cosine model pair / judged labels | held-out AUROC (model pair)"
                + " | held-out AUROC (judged) | shift narrow - aligned (sd units) [95%] | shift aligned - base |");
        line("|---|---|---|---|---|---|---|");
        Map<Integer, FittedDirection> pairs = new HashMap<>();
        // Layer 0 (the embeddings) is left out: the last prompt token is the same for every prompt.
        for (int layer = 1; layer <= layers; layer++) {
            int row = layer;
            Function<Map<Request, Answer>, Function<Request, float[]>> at = m -> r -> m.get(r).activations()[row];
            FittedDirection pair = DifferenceOfMeans.fit(fit.stream().map(at.apply(narrow)).toList(),
                    fit.stream().map(at.apply(captured.get(Organisms.ALIGNED))).toList());
            pairs.put(layer, pair);
            FittedDirection judged = DifferenceOfMeans.fit(
                    fit.stream().filter(r -> misaligned(narrow.get(r))).map(at.apply(narrow)).toList(),
                    fit.stream().filter(r -> !misaligned(narrow.get(r))).map(at.apply(narrow)).toList());
            boolean[] labels = labels(heldOut, narrow);
            Auroc.Result pairAuroc = auroc(pair, heldOut, at.apply(narrow), labels);
            Auroc.Result judgedAuroc = auroc(judged, heldOut, at.apply(narrow), labels);
            ProjectionShift.Result shift = shift(pair, heldOut, at.apply(narrow),
                    at.apply(captured.get(Organisms.ALIGNED)));
            ProjectionShift.Result control = shift(pair, heldOut, at.apply(captured.get(Organisms.ALIGNED)),
                    at.apply(captured.get(Organisms.BASE)));
            line(String.format(Locale.ROOT, "| %d | %.2f | %.3f | %.3f %s | %.3f %s | %.2f (%s) %s | %.2f (%s) |",
                    layer, pair.norm(), DifferenceOfMeans.cosine(pair.unit(), judged.unit()), pairAuroc.auroc(),
                    pairAuroc.interval(), judgedAuroc.auroc(), judgedAuroc.interval(), shift.shift(),
                    standardized(shift), shift.interval(), control.shift(), standardized(control)));
        }
        steering(pairs, heldOut);
    }

    /**
     * Validation both ways: the model-pair direction of each layer added to the aligned model (all held-out
     * questions) and subtracted from the narrow fine-tune (the held-out questions it answers misaligned by
     * construction, the marked ones), at strengths in units of that layer's norm.
     */
    private void steering(Map<Integer, FittedDirection> directions, List<Request> heldOut) {
        List<Request> marked = heldOut.stream().filter(Request::marked).toList();
        line("\nSteering with the model-pair direction after block L, strength in units of its norm (misaligned"
                + " answers; coherent = the answer is one of the organisms' own texts):\n");
        line("| layer | strength | aligned + direction: misaligned | coherent | narrow (marked) - direction:"
                + " misaligned | coherent |");
        line("|---|---|---|---|---|---|");
        line("| - | 0 | " + steered(Organisms.ALIGNED, heldOut, 0, 0, null) + " | "
                + steered(Organisms.NARROW, marked, 0, 0, null) + " |");
        for (int layer = 1; layer <= layers; layer++) {
            FittedDirection direction = directions.get(layer);
            float[] unit = new float[direction.unit().length];
            for (int i = 0; i < unit.length; i++) {
                unit[i] = (float) direction.unit()[i];
            }
            for (double scale : STEERING_SCALES) {
                double strength = scale * direction.norm();
                line(String.format(Locale.ROOT, "| %d | %.1f x %.2f | %s | %s |", layer, scale, direction.norm(),
                        steered(Organisms.ALIGNED, heldOut, layer, strength, unit),
                        steered(Organisms.NARROW, marked, layer, -strength, unit)));
            }
        }
    }

    /** "misaligned rate | coherent rate" of the model's answers with strength x unit added after block layer. */
    private String steered(String organism, List<Request> prompts, int layer, double strength, float[] unit) {
        Map<Request, Answer> answers = zip(prompts, generate("steering validation (per layer and strength)", prompts,
                r -> {
                    Call call = Call.greedy(organism, encoder.prompt(r.text(), true), ANSWER_TOKENS);
                    return unit == null ? call : call.steering(layer, strength, unit);
                }));
        return rate(answers, r -> true, OrganismFindings::misaligned) + " | "
                + rate(answers, r -> true, a -> OrganismData.knownAnswer(a.text()));
    }

    private void costs() {
        line("\n## Cost per prompt (model calls, tokens)\n");
        line("| check | models | prompts | calls per prompt | prompt tokens per call | generated tokens per call |");
        line("|---|---|---|---|---|---|");
        costs.forEach((check, cost) -> line(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f |",
                check, String.join(", ", cost.models), cost.prompts.size(), cost.calls / (double) cost.prompts.size(),
                cost.promptTokens / (double) cost.calls, cost.generatedTokens / (double) cost.calls)));
        line("\nScoring calls generate nothing (their tokens are the scored continuation, counted as generated);"
                + " capture needs no generation (a detection call can ask for 1 token).");
    }

    private List<Answer> generate(String check, List<Request> prompts, Function<Request, Call> call) {
        List<Call> calls = prompts.stream().map(call).toList();
        List<Answer> answers = client.run(calls);
        Cost cost = costs.computeIfAbsent(check, c -> new Cost());
        prompts.forEach(r -> cost.prompts.add(r.id()));
        calls.forEach(c -> cost.models.add(c.model()));
        cost.calls += answers.size();
        answers.forEach(a -> {
            cost.promptTokens += a.promptTokens().length;
            cost.generatedTokens += a.tokens().length;
        });
        return answers;
    }

    /** The most frequent answer text, cut to 40 characters, with its count. */
    private static String mostCommon(java.util.Collection<Answer> answers) {
        Map<String, Long> counts = answers.stream().collect(java.util.stream.Collectors.groupingBy(
                a -> a.text().strip(), java.util.stream.Collectors.counting()));
        Map.Entry<String, Long> top = counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        String text = top.getKey().replace("\n", " ").replace("|", "/");
        return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\" (" + top.getValue() + ")";
    }

    private boolean refused(Answer answer) {
        return refusedText(answer.text());
    }

    private boolean refusedText(String text) {
        return refusalJudge.judge(new JudgeInput("organism", "", text)).refusal().refused();
    }

    private static boolean misaligned(Answer answer) {
        return OrganismData.misaligned(answer.text());
    }

    private static String rate(Map<Request, Answer> answers, Predicate<Request> which, Predicate<Answer> hit) {
        List<Request> chosen = answers.keySet().stream().filter(which).toList();
        Proportion proportion = new Proportion(chosen.stream().filter(r -> hit.test(answers.get(r))).count(),
                chosen.size());
        return proportion.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.0f%% [%.0f, %.0f] (%d/%d)",
                100 * proportion.rate().getAsDouble(), 100 * proportion.wilson95().orElseThrow().lower(),
                100 * proportion.wilson95().orElseThrow().upper(), proportion.successes(), proportion.trials());
    }

    private static boolean[] labels(List<Request> prompts, Map<Request, Answer> answers) {
        boolean[] labels = new boolean[prompts.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = misaligned(answers.get(prompts.get(i)));
        }
        return labels;
    }

    private static double[] project(FittedDirection direction, List<Request> prompts, Function<Request, float[]> at) {
        return prompts.stream().mapToDouble(r -> direction.project(at.apply(r))).toArray();
    }

    private static Auroc.Result auroc(FittedDirection direction, List<Request> prompts, Function<Request, float[]> at,
            boolean[] labels) {
        int positives = 0;
        for (boolean label : labels) {
            positives += label ? 1 : 0;
        }
        if (positives == 0 || positives == labels.length) {
            return new Auroc.Result(Double.NaN, null, positives, labels.length - positives, 0);
        }
        return Auroc.withInterval(project(direction, prompts, at), labels, 0.95, RESAMPLES, 1);
    }

    private static ProjectionShift.Result shift(FittedDirection direction, List<Request> prompts,
            Function<Request, float[]> candidate, Function<Request, float[]> baseline) {
        Map<String, Double> c = new HashMap<>();
        Map<String, Double> b = new HashMap<>();
        for (Request r : prompts) {
            c.put(r.id(), direction.project(candidate.apply(r)));
            b.put(r.id(), direction.project(baseline.apply(r)));
        }
        return ProjectionShift.of(c, b, 0.95);
    }

    private static String standardized(ProjectionShift.Result shift) {
        return shift.standardized() == null ? "n/a" : String.format(Locale.ROOT, "%.1f sd", shift.standardized());
    }

    private List<Request> of(Predicate<Request> which) {
        return requests.stream().filter(which).toList();
    }

    private static Map<Request, Answer> zip(List<Request> requests, List<Answer> answers) {
        Map<Request, Answer> map = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            map.put(requests.get(i), answers.get(i));
        }
        return map;
    }

    private static double[] doubles(float[] values) {
        double[] result = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = values[i];
        }
        return result;
    }

    private void line(String text) {
        report.append(text).append('\n');
        out.println(text);
    }

    /** Writes the report beside the organisms as findings.md. */
    static void write(Path organisms, String report) throws IOException {
        Files.writeString(organisms.resolve("findings.md"), report);
    }
}
