package dev.safegate.cli;

import dev.safegate.core.SharedData;
import dev.safegate.core.judge.BuiltinJudgeAccuracy;
import dev.safegate.core.judge.BuiltinJudges;
import dev.safegate.core.judge.JsonlJudgeRunner;
import dev.safegate.core.judge.JudgeAccuracyReport;
import dev.safegate.core.judge.LabelledSets;
import dev.safegate.core.judge.RefusalModelTraining;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs a built-in judge over JSON lines, measures every built-in judge against human labels, regenerates the
 * learned refusal judge's weights from the open labelled sets, or the built-in judges' accuracy file.
 */
@Command(name = "judge", mixinStandardHelpOptions = true,
        description = "Judge {\"id\",\"prompt\",\"response\"} lines from stdin into "
                + "{\"id\",\"label\",\"refusal\",\"categories\",\"scores\",\"judge\",\"judge_version\"} lines on stdout.",
        subcommands = {JudgeCommand.Eval.class, JudgeCommand.Train.class, JudgeCommand.Accuracy.class})
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

    @Command(name = "accuracy", mixinStandardHelpOptions = true,
            description = "Measure the built-in judges' refusal detection (sensitivity, specificity) on XSTest v1 and "
                    + "print the accuracy file; --write replaces the one shipped in services/core (commit it).")
    static class Accuracy implements Callable<Integer> {
        @Option(names = "--write", description = "write the shipped file (from the checkout's root)")
        boolean write;

        @Option(names = "--out", description = "write this file instead")
        Path out;

        @Override
        public Integer call() throws Exception {
            Path file = out != null ? out : write ? BuiltinJudgeAccuracy.SHIPPED_FILE : null;
            if (file == BuiltinJudgeAccuracy.SHIPPED_FILE && !Files.isDirectory(Path.of("services/core"))) {
                System.err.println("safegate judge accuracy --write: run it from the checkout's root, or give --out");
                return 2;
            }
            Optional<String> text = BuiltinJudgeAccuracy.shippedText();
            if (text.isEmpty()) {
                System.err.println(SharedData.missingMessage(LabelledSets.XSTEST_V1));
                return 2;
            }
            if (file == null) {
                System.out.print(text.get());
                return 0;
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, text.get(), StandardCharsets.UTF_8);
            System.out.println("wrote " + file.toAbsolutePath().normalize());
            return 0;
        }
    }
}
