package dev.safegate.core.judge;

import java.util.ArrayList;
import java.util.List;

/**
 * The training examples of the learned refusal classifier, built from the open labelled sets, each tagged with
 * its group (the model or source whose completions it is), so that a group can be left out.
 *
 * <ul>
 *   <li>XSTest v1: human refusal labels (full or partial refusal = refused), weight {@link #HUMAN_WEIGHT}.</li>
 *   <li>JailbreakEval sets label harm, not refusal, so they give weak labels only, weight 1: a jailbroken
 *       answer (label 1) complied, unless it opens with a refusal phrase (then it refused in part: left out,
 *       as the two labels disagree); a not-jailbroken answer (label 0) that opens with a phrase of the XSTest
 *       refusal-prefix list or that the phrase rules call a refusal counts as refused (a bare "No," is no sign: it opens answers to yes/no questions as well); the other label-0
 *       answers (harmless help, off-topic or garbled text) are left out, since nothing says whether they
 *       refused.</li>
 * </ul>
 */
final class RefusalTrainingSet {
    static final double HUMAN_WEIGHT = 3.0;

    /** A training response and the group it came from (e.g. {@code xstest-v1/llama2}). */
    record Tagged(String group, LogisticTraining.Example example) {
    }

    private RefusalTrainingSet() {
    }

    /**
     * @param xstest       XSTest v1 completions with their human labels
     * @param jailbreak    JailbreakEval completions with their harm labels
     * @param prefixes     the refusal-prefix baseline used as a weak labeller
     * @param patterns     the phrase-rule judge used as a weak labeller
     */
    static List<Tagged> build(List<LabelledExample> xstest, List<LabelledExample> jailbreak,
            LocalJudge prefixes, RefusalJudge patterns) {
        List<Tagged> tagged = new ArrayList<>();
        for (LabelledExample e : xstest) {
            boolean refused = LabelledSets.xstestRefusal(e.gold()).refused();
            tagged.add(new Tagged(e.set(), example(e, refused, HUMAN_WEIGHT, patterns)));
        }
        for (LabelledExample e : jailbreak) {
            boolean looksRefused = prefixes.judge(e.input()).refusal().refused()
                    || patterns.classify(e.input().response()).refused();
            boolean jailbroken = e.gold().strip().equals("1");
            if (jailbroken && !looksRefused) {
                tagged.add(new Tagged(e.set(), example(e, false, 1.0, patterns)));
            } else if (!jailbroken && looksRefused) {
                tagged.add(new Tagged(e.set(), example(e, true, 1.0, patterns)));
            }
        }
        return tagged;
    }

    private static LogisticTraining.Example example(LabelledExample e, boolean refused, double weight,
            RefusalJudge patterns) {
        String response = e.input().response();
        return new LogisticTraining.Example(RefusalFeatures.of(response, patterns.classify(response)), refused, weight);
    }
}
