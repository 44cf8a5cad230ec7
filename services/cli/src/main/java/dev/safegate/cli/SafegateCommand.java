package dev.safegate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code safegate} command: one subcommand per job, each a thin shell around services/core or an API. */
@Command(name = "safegate", mixinStandardHelpOptions = true, version = "safegate 0.1.0",
        description = "Safety regression gate for model versions: language models and image classifiers.",
        subcommands = {TemplateCommand.class, JudgeCommand.class, RunCommand.class, ReportCommand.class,
            WebhookCommand.class, AuditCommand.class})
public class SafegateCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SafegateCommand()).execute(args));
    }
}
