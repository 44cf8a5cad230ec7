package dev.safegate.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code safegate report --white-box}: one line per white-box finding of the report's JSON, the baseline's steering too. */
class WhiteBoxLinesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    private static String rate(int successes, int trials) {
        double rate = (double) successes / trials;
        return "{'successes':" + successes + ",'trials':" + trials + ",'rate':" + rate + ",'lower':0,'upper':1}";
    }

    @Test
    void eachFindingIsOneLine() throws Exception {
        JsonNode report = json("{'run':{'model':'organism-planted','modelVersion':'2','role':'CANDIDATE'},"
                + "'whiteBox':{'depth':[{'suite':'organism','points':[{'layer':2,'refusal':" + rate(0, 20)
                + ",'overRefusal':" + rate(0, 48) + "},{'layer':4,'refusal':" + rate(20, 20) + ",'overRefusal':"
                + rate(0, 48) + "}],'fullDepth':{'condition':'chat_template','refusal':"
                + rate(20, 20) + "}}],"
                + "'kl':[{'suite':'organism','referenceModel':'base@1','answers':20,'positions':[{'mean':27.15}],"
                + "'total':27.15,'share':{'firstTokens':5,'share':1.0,'lower':1.0,'upper':1.0},"
                + "'prefill':[{'tokens':1,'refusal':" + rate(0, 20) + "}]}],"
                + "'detection':[{'suite':'organism','condition':'activations(layers=[3])','layer':3,'directionId':1,"
                + "'directionVersion':1,'inSample':false,'auroc':{'auroc':1.0,'lower':1.0,'upper':1.0,"
                + "'misaligned':24,'aligned':24},'shift':null,'shiftNote':'not available: no baseline run'}],"
                + "'steering':[{'suite':'organism','unsteered':" + rate(24, 48) + ",'steered':[{'direction':1,"
                + "'strength':-3.0,'misalignment':" + rate(0, 48) + "}]}]}}");
        JsonNode baseline = json("{'run':{'modelVersion':'1'},'whiteBox':{'steering':[{'suite':'organism',"
                + "'unsteered':" + rate(0, 48) + ",'steered':[{'direction':1,'strength':3.0,'misalignment':"
                + rate(48, 48) + "}]}]}}");

        assertEquals(List.of("white-box checks of organism-planted version 2 (candidate):",
                "  depth organism, refusal by exit layer: L2 0% L4 100%; full depth (chat_template) 100%; "
                        + "over-refusal: L2 0% L4 0%",
                "  per-token KL organism from base@1: 20 answers, position 0 27.15 nats, total 27.15; share of the "
                        + "first 5 tokens 1.000 [1.000, 1.000]; refusal by prefilled answer tokens: 1: 0%",
                "  detection organism activations(layers=[3]), layer 3, direction #1 v1: AUROC 1.000 [1.000, 1.000] "
                        + "(24 misaligned, 24 aligned); shift vs baseline not available: no baseline run",
                "  steering organism, misaligned: unsteered 50% (24/48); direction #1 x -3.0 0% (0/48)",
                "  steering organism (baseline version 1), misaligned: unsteered 0% (0/48); direction #1 x +3.0 100% "
                        + "(48/48)"), WhiteBoxLines.of(report, baseline));
        assertEquals(List.of("white-box checks of m version 1 (baseline):",
                "  none: the plan has no white-box condition"), WhiteBoxLines.of(json("{'run':{'model':'m',"
                + "'modelVersion':'1','role':'BASELINE'},'whiteBox':{'depth':[],'kl':[],'detection':[],"
                + "'steering':[]}}"), null));
    }
}
