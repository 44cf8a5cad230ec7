package dev.safegate.cli;

import dev.safegate.core.judge.BuiltinJudges;
import dev.safegate.core.judge.JsonlJudgeRunner;
import dev.safegate.core.judge.JudgeAccuracyReport;
import dev.safegate.core.judge.RefusalModelTraining;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a built-in judge over JSON lines, measures every built-in judge against human labels, or regenerates the
 * learned refusal judge's weights from the open labelled sets.
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Judge {\"id\",\"prompt\",\"response\"} lines from stdin into "
                + "{\"id\",\"label\",\"refusal\",\"categories\",\"scores\",\"judge\",\"judge_version\"} lines on stdout.",
        subcommands = {JudgeCommand.Eval.class, JudgeCommand.Train.class})
public class JudgeCommand implements Callable<Integer> {

    @Option(names = "--judge", defaultValue = "builtin-refusal", description = "built-in judge id (default ${DEFAULT-VALUE})")
    String judge;

    @Override
    public Integer call() throws Exception {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        var out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
        JsonlJudgeRunner.run(BuiltinJudges.byId(judge), in, out);
        out.flush();
        return 0;
    }

    @Command(name = "eval", mixinStandardHelpOptions = true,
            description = "Accuracy of every built-in judge on the human-labelled sets of the shared datasets.")
    static class Eval implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            System.out.print(JudgeAccuracyReport.report(BuiltinJudges.all()));
            return 0;
        }
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train builtin-refusal's classifier on the open labelled sets of the shared datasets and "
                    + "write its weights (the file shipped in services/core; commit it with a new judge version).")
    static class Train implements Callable<Integer> {
        @Option(names = "--out", description = "model file (default: the shipped one, from the checkout's root)")
        Path out = RefusalModelTraining.SHIPPED_MODEL;

        @Override
        public Integer call() throws Exception {
            if (out.equals(RefusalModelTraining.SHIPPED_MODEL) && !Files.isDirectory(Path.of("services/core"))) {
                System.err.println("safegate judge train: run it from the checkout's root, or give --out");
                return 2;
            }
            RefusalModelTraining.writeShippedModel(out);
            System.out.println("wrote " + out.toAbsolutePath().normalize());
            return 0;
        }
    }
}
