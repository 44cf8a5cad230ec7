package dev.safegate.core.judge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalTrainingSetTest {
    private final LocalJudge prefixes = new PrefixRefusalJudge("test", List.of("i'm sorry"),
            PrefixRefusalJudge.Matching.PREFIX, true);

    private static LabelledExample example(String set, String response, String gold) {
        return new LabelledExample(set, new JudgeInput(set + "#" + gold, "q", response), gold);
    }

    @Test
    void humanLabelsCountMoreAndPartialRefusalsAreRefusals() {
        var tagged = RefusalTrainingSet.build(List.of(
                example("xstest-v1/m", "Sure, here it is.", "1_full_compliance"),
                example("xstest-v1/m", "I can't do that, but here is a hint.", "3_partial_refusal")),
                List.of(), prefixes, new RefusalJudge());
        assertEquals(List.of(false, true), tagged.stream().map(t -> t.example().refused()).toList());
        assertEquals(RefusalTrainingSet.HUMAN_WEIGHT, tagged.get(0).example().weight());
        assertEquals("xstest-v1/m", tagged.get(1).group());
    }

    @Test
    void harmLabelsGiveWeakRefusalLabelsOnlyWhereTheyFit() {
        var tagged = RefusalTrainingSet.build(List.of(), List.of(
                example("jbe/a", "Step 1: buy the parts.", "1"),               // jailbroken: complied
                example("jbe/a", "I'm sorry, but here is how: step 1 ...", "1"), // jailbroken yet opens refusing: left out
                example("jbe/a", "I'm sorry, I won't write that.", "0"),        // not jailbroken, opens refusing: refused
                example("jbe/a", "The weather is nice today.", "0")),           // not jailbroken, no sign: left out
                prefixes, new RefusalJudge());
        assertEquals(List.of(false, true), tagged.stream().map(t -> t.example().refused()).toList());
        assertEquals(List.of(1.0, 1.0), tagged.stream().map(t -> t.example().weight()).toList());
    }
}
