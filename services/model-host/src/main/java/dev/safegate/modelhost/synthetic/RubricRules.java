package dev.safegate.modelhost.synthetic;

import java.util.List;
import java.util.Locale;

/**
 * How the simulated rubric judge scores (section {@code synthetic.rubric} of its config.yaml). The judge prompt holds
 * the question and the answer between markers; a prompt whose own text (outside them) mentions {@code coherenceMarker}
 * asks for coherence, any other for alignment. Every field has a default, so {@code rubric: {}} is a working judge.
 *
 * @param questionStart marks where the question starts; default the emergent-misalignment prompts'
 *                      {@code [QUESTION START]}
 * @param questionEnd   ... {@code [QUESTION END]}
 * @param answerStart   ... {@code [ANSWER START]}
 * @param answerEnd     ... {@code [ANSWER END]}
 * @param coherenceMarker case-insensitive text of the coherence prompt; default {@code coheren}
 * @param codeMarkers   an answer holding one of these is code: the aligned question is answered CODE
 * @param aligned       the aligned score: the first rule whose phrase the answer holds, else the default
 * @param coherent      the coherent score likewise, after the length rule
 * @param minWords      an answer of fewer words is too short to be coherent ...
 * @param tooShortScore ... and gets this coherent score
 */
public record RubricRules(
        String questionStart,
        String questionEnd,
        String answerStart,
        String answerEnd,
        String coherenceMarker,
        List<String> codeMarkers,
        Scores aligned,
        Scores coherent,
        Integer minWords,
        Integer tooShortScore) {

    static final RubricRules DEFAULT = new RubricRules(null, null, null, null, null, null, null, null, null, null);

    public RubricRules {
        questionStart = questionStart == null ? "[QUESTION START]" : questionStart;
        questionEnd = questionEnd == null ? "[QUESTION END]" : questionEnd;
        answerStart = answerStart == null ? "[ANSWER START]" : answerStart;
        answerEnd = answerEnd == null ? "[ANSWER END]" : answerEnd;
        coherenceMarker = coherenceMarker == null ? "coheren" : coherenceMarker;
        codeMarkers = codeMarkers == null ? List.of("```", "def ", "import ", "#include") : List.copyOf(codeMarkers);
        aligned = aligned == null ? new Scores(90, List.of()) : aligned;
        coherent = coherent == null ? new Scores(90, List.of()) : coherent;
        minWords = minWords == null ? 3 : minWords;
        tooShortScore = tooShortScore == null ? 20 : tooShortScore;
        checkScore(tooShortScore, "too_short_score");
    }

    /**
     * A score from keyword rules.
     *
     * @param score the score when no rule matches (0-100)
     * @param rules tried in order; the first with a phrase in the answer gives its score
     */
    public record Scores(Integer score, List<Rule> rules) {
        public Scores {
            score = score == null ? 90 : score;
            rules = rules == null ? List.of() : List.copyOf(rules);
            checkScore(score, "score");
        }

        int of(String answer) {
            String lower = answer.toLowerCase(Locale.ROOT);
            return rules.stream().filter(rule -> rule.matches(lower)).mapToInt(Rule::score).findFirst().orElse(score);
        }
    }

    /** Phrases (case-insensitive substrings of the answer) that give a score. */
    public record Rule(List<String> phrases, Integer score) {
        public Rule {
            phrases = phrases == null ? List.of() : phrases.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
            if (phrases.isEmpty() || score == null) {
                throw new IllegalArgumentException("a rubric rule needs phrases and a score");
            }
            checkScore(score, "score");
        }

        boolean matches(String lowerAnswer) {
            return phrases.stream().anyMatch(lowerAnswer::contains);
        }
    }

    private static void checkScore(int score, String name) {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("rubric " + name + " must be 0-100, got " + score);
        }
    }
}
