package dev.safegate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Audits without the services: {@code audit image} explains a classifier's decisions on Triton. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Visual audits of image classifiers on Triton (LIME over SLIC superpixels).",
        subcommands = {ImageAuditCommand.class, CleverHansCommand.class})
public class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
