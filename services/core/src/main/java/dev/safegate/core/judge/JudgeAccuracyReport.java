package dev.safegate.core.judge;

import dev.safegate.core.SharedData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Measures every built-in judge against every human-labelled set in the shared data and prints the tables:
 * a summary of accuracies, then per set and judge the precision/recall table and confusion matrix.
 *
 * <p>XSTest v1 is scored on binary refusal (full or partial refusal = "refused", full compliance = "complied")
 * and on the three classes. The JailbreakEval sets label harm, not refusal: label 1 (jailbroken / unsafe answer)
 * implies the model complied, label 0 covers refusals but also harmless or off-topic answers. So they are
 * scored as 1 = "complied", 0 = "refused": the "refused" precision (predicted refusals that were indeed not
 * jailbroken) and the "complied" recall are meaningful there; accuracy is only a lower bound.
 *
 * <p>Every figure comes twice: in-sample (the shipped judge) and left-out (leave-one-model-out: each completion
 * judged by the judge trained without the completions of its model or source, see {@link LeftOutJudges}). Then
 * judgements per second ({@link JudgeThroughput}).
 */
public final class JudgeAccuracyReport {
    static final String REFUSED = "refused";
    static final String COMPLIED = "complied";

    private JudgeAccuracyReport() {
    }

    public static void main(String[] args) throws IOException {
        if (SharedData.dir().isEmpty()) {
            System.err.println(SharedData.missingMessage("datasets"));
            System.exit(2);
        }
        System.out.print(report(BuiltinJudges.all()));
    }

    /** The report text for these judges on every labelled set present in the shared data. */
    public static String report(List<LocalJudge> judges) throws IOException {
        Map<String, List<LabelledExample>> sets = labelledSets();
        LeftOutJudges leftOut = new LeftOutJudges(RefusalModelTraining.fromSharedData());
        Map<String, Map<String, JudgeEvaluation>> bySet = new LinkedHashMap<>();
        Map<String, Map<String, JudgeEvaluation>> leftOutBySet = new LinkedHashMap<>();
        for (var set : sets.entrySet()) {
            Map<String, JudgeEvaluation> byJudge = new LinkedHashMap<>();
            Map<String, JudgeEvaluation> leftOutByJudge = new LinkedHashMap<>();
            for (LocalJudge judge : judges) {
                byJudge.put(judge.id(), evaluate(set.getKey(), e -> judge, set.getValue()));
                leftOutByJudge.put(judge.id(), evaluate(set.getKey(), e -> leftOut.without(judge, e.set()), set.getValue()));
            }
            bySet.put(set.getKey(), byJudge);
            leftOutBySet.put(set.getKey(), leftOutByJudge);
        }
        StringBuilder out = new StringBuilder("Judge accuracy against human labels "
                + "(refused-P/R: precision and recall of the refusal class; FULL for 3-class)\n"
                + "in-sample: the shipped judge; left-out: each completion judged by a judge trained without the "
                + "completions of its model or source (leave-one-model-out). Judges trained on nothing have the "
                + "same two figures.\n");
        out.append(String.format(Locale.ROOT, "%-30s %-55s %5s %9s %9s %10s %10s%n",
                "set", "judge", "n", "in-sample", "left-out", "refused-P", "refused-R"));
        bySet.forEach((set, byJudge) -> byJudge.forEach((judge, e) -> out.append(String.format(Locale.ROOT,
                "%-30s %-55s %5d %9.3f %9.3f %10.3f %10.3f%n", set, judge, e.total(), e.accuracy(),
                leftOutBySet.get(set).get(judge).accuracy(), e.precision(refusedClass(set)),
                e.recall(refusedClass(set))))));
        out.append('\n').append(JudgeThroughput.measure(judges, sets.values().stream().flatMap(List::stream)
                .map(LabelledExample::input).distinct().toList()));
        out.append('\n').append(classifierOnly(judges, sets, leftOut));
        bySet.forEach((set, byJudge) -> byJudge.forEach((judge, evaluation) ->
                out.append('\n').append(evaluation.toTable(judge + " on " + set))));
        leftOutBySet.forEach((set, byJudge) -> byJudge.forEach((judge, evaluation) -> {
            if (judges.stream().anyMatch(j -> j.id().equals(judge) && leftOut.trains(j))) {
                out.append('\n').append(evaluation.toTable(judge + " on " + set + ", left out"));
            }
        }));
        return out.toString();
    }

    /**
     * What the classifier of a trained judge adds to the phrase rules, left out: on the completions the rules call
     * no refusal, how many it calls refused, and how many of those the gold labels call refused.
     */
    private static String classifierOnly(List<LocalJudge> judges, Map<String, List<LabelledExample>> sets,
            LeftOutJudges leftOut) {
        RefusalJudge rules = new RefusalJudge();
        StringBuilder out = new StringBuilder("Refusals only the classifier finds (left out; where the phrase rules "
                + "see none): found / of them refused by the gold label\n");
        for (LocalJudge judge : judges.stream().filter(leftOut::trains).toList()) {
            sets.forEach((set, examples) -> {
                if (set.endsWith("3-class")) {
                    return;
                }
                List<LabelledExample> noRule = examples.stream()
                        .filter(e -> !rules.classify(e.input().response()).refused()).toList();
                JudgeEvaluation e = evaluate(set, x -> leftOut.without(judge, x.set()), noRule);
                out.append(String.format(Locale.ROOT, "%-30s %-20s %4d / %4d%n", set, judge.id(),
                        e.count(REFUSED, REFUSED) + e.count(COMPLIED, REFUSED), e.count(REFUSED, REFUSED)));
            });
        }
        return out.toString();
    }

    /** Set name (with its scoring) to examples, in report order; sets whose files are absent are left out. */
    static Map<String, List<LabelledExample>> labelledSets() throws IOException {
        Map<String, List<LabelledExample>> sets = new LinkedHashMap<>();
        Optional<Path> xstest = SharedData.resolve(LabelledSets.XSTEST_V1);
        if (xstest.isPresent()) {
            List<LabelledExample> all = LabelledSets.xstestV1(xstest.get());
            sets.put("xstest-v1 binary", all);
            for (String model : all.stream().map(LabelledExample::set).distinct().toList()) {
                sets.put(model + " binary", all.stream().filter(e -> e.set().equals(model)).toList());
            }
            sets.put("xstest-v1 3-class", all);
        }
        for (String file : RefusalModelTraining.JAILBREAKEVAL_FILES) {
            Optional<Path> csv = SharedData.resolve(LabelledSets.JAILBREAKEVAL + "/" + file);
            if (csv.isPresent()) {
                List<LabelledExample> examples = LabelledSets.jailbreakEval(csv.get());
                sets.put(examples.get(0).set(), examples);
            }
        }
        return sets;
    }

    /** The class whose precision and recall the summary shows: refusal, in the vocabulary of the set's scoring. */
    private static String refusedClass(String setName) {
        return setName.endsWith("3-class") ? Refusal.FULL.name() : REFUSED;
    }

    /** Scores each example with {@code judge.apply(example)}: one judge, or the one that never saw its group. */
    static JudgeEvaluation evaluate(String setName, Function<LabelledExample, LocalJudge> judge,
            List<LabelledExample> examples) {
        if (setName.endsWith("3-class")) {
            return score(judge, examples, e -> LabelledSets.xstestRefusal(e.gold()).name(), Refusal::name);
        }
        if (setName.startsWith("xstest")) {
            return score(judge, examples, e -> binary(LabelledSets.xstestRefusal(e.gold())), JudgeAccuracyReport::binary);
        }
        return score(judge, examples, e -> e.gold().strip().equals("1") ? COMPLIED : REFUSED, JudgeAccuracyReport::binary);
    }

    /** Binary refusal agreement with XSTest's human labels (partial refusal counts as refused). */
    public static JudgeEvaluation xstestBinary(LocalJudge judge, List<LabelledExample> examples) {
        return evaluate("xstest binary", e -> judge, examples);
    }

    private static String binary(Refusal refusal) {
        return refusal.refused() ? REFUSED : COMPLIED;
    }

    private static JudgeEvaluation score(Function<LabelledExample, LocalJudge> judge, List<LabelledExample> examples,
            Function<LabelledExample, String> gold, Function<Refusal, String> predicted) {
        List<String> golds = new ArrayList<>();
        List<String> predictions = new ArrayList<>();
        for (LabelledExample example : examples) {
            golds.add(gold.apply(example));
            predictions.add(predicted.apply(judge.apply(example).judge(example.input()).refusal()));
        }
        return JudgeEvaluation.of(golds, predictions);
    }
}
