package dev.safegate.results.analysis;

import dev.safegate.core.judge.JudgeAccuracies;
import dev.safegate.core.judge.JudgeAccuracy;
import dev.safegate.core.stats.JudgeErrorRates;
import dev.safegate.core.stats.Metric;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The judges' measured accuracy that reports show beside their rates, correct those rates with, and policies may
 * require: the built-in judges' figures shipped with core, plus a deployment's own figures for its guard models
 * ({@code safegate.results.judge-accuracy-file}, same shape). A file that cannot be read stops the service at start:
 * decisions that silently lost their judges' figures would change.
 */
@ApplicationScoped
public class JudgeAccuracyCatalog implements JudgeErrorRates.Lookup {
    private final JudgeAccuracies accuracies;

    public JudgeAccuracyCatalog(@ConfigProperty(name = "safegate.results.judge-accuracy-file") Optional<Path> file) {
        JudgeAccuracies accuracies = JudgeAccuracies.builtIn();
        if (file.isPresent()) {
            try {
                accuracies = accuracies.with(JudgeAccuracies.load(file.get()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read safegate.results.judge-accuracy-file " + file.get(), e);
            }
        }
        this.accuracies = accuracies;
    }

    /** @param judge {@code id/version} as observations name their judges */
    @Override
    public Optional<JudgeErrorRates> find(String judge, Metric rate) {
        int slash = judge.lastIndexOf('/');
        JudgeAccuracy.Detects detects = switch (rate) {
            case REFUSAL_RATE, OVER_REFUSAL -> JudgeAccuracy.Detects.REFUSAL;
            case UNSAFE_RATE -> JudgeAccuracy.Detects.UNSAFE;
            default -> null;
        };
        if (slash < 0 || detects == null) {
            return Optional.empty();
        }
        return accuracies.find(judge.substring(0, slash), judge.substring(slash + 1), detects)
                .map(a -> new JudgeErrorRates(judge, a.sensitivity(), a.specificity(), a.labelledSet()));
    }
}
