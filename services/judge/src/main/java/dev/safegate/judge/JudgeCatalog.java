package dev.safegate.judge;

import dev.safegate.core.judge.BuiltinJudges;
import dev.safegate.core.judge.Judge;
import dev.safegate.core.judge.LocalJudge;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

/**
 * The judges this instance can run, by id: the built-in ones and those of the configured judge models. Made at
 * start, so that a bad judge setting (an unknown kind, a missing template or rubric prompt file) stops the start.
 */
@Singleton
public class JudgeCatalog {
    private static final Logger LOG = Logger.getLogger(JudgeCatalog.class);

    private final Map<String, LocalJudge> local;
    private final Map<String, GuardJudge> guards;

    public JudgeCatalog(JudgeConfig config) {
        GuardJudge.rejectUnknownKinds(ConfigProvider.getConfig().getPropertyNames());
        this.local = BuiltinJudges.all().stream().collect(Collectors.toMap(Judge::id, Function.identity()));
        this.guards = GuardJudge.configured(config.judges()).stream()
                .collect(Collectors.toMap(guard -> guard.judge().id(), Function.identity()));
        TreeSet<String> ids = new TreeSet<>(local.keySet());
        ids.addAll(guards.keySet());
        LOG.infof("judges: %s", ids);
    }

    public Optional<LocalJudge> local(String id) {
        return Optional.ofNullable(local.get(id));
    }

    public Optional<GuardJudge> guard(String id) {
        return Optional.ofNullable(guards.get(id));
    }
}
