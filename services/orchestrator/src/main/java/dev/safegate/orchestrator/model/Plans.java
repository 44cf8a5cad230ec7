package dev.safegate.orchestrator.model;

import dev.safegate.core.image.ImageAuditExpansion;
import dev.safegate.core.image.ImageAuditPlan;
import dev.safegate.core.image.ImageAuditPlanParser;
import dev.safegate.core.plan.EvaluationPlan;
import dev.safegate.core.plan.Plan;
import dev.safegate.core.plan.PlanExpander;
import dev.safegate.core.plan.PlanExpansion;
import dev.safegate.core.plan.PlanParser;
import dev.safegate.core.suite.SuiteLoader;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads and expands plans against what this deployment offers: the suites whose data is present, the
 * judges that are deployed and the policies the results service knows. Anything else is a validation error.
 * Image audit plans ({@code kind: image_audit}) name images instead of suites and are explained, not judged.
 */
@Singleton
public class Plans {
    private final SuiteLoader suites;
    private final PlanParser parser;
    private final ImageAuditPlanParser imageParser;
    private final PlanExpander expander;

    @Inject
    public Plans(@ConfigProperty(name = "safegate.judges") List<String> judges,
            @ConfigProperty(name = "safegate.policies") List<String> policies) {
        this(SuiteLoader.fromSharedData(), Set.copyOf(judges), Set.copyOf(policies));
    }

    public Plans(SuiteLoader suites, Set<String> judges, Set<String> policies) {
        this.suites = suites;
        this.parser = new PlanParser(suites.availableSuites(), judges, policies);
        this.imageParser = new ImageAuditPlanParser(policies);
        this.expander = new PlanExpander(suites);
    }

    /**
     * An LLM plan, or an image audit plan when the document says {@code kind: image_audit}.
     *
     * @throws dev.safegate.core.plan.PlanValidationException listing every problem
     */
    public EvaluationPlan parse(String text) {
        return ImageAuditPlanParser.isImageAudit(text) ? imageParser.parse(text) : parser.parse(text);
    }

    /** @throws IllegalArgumentException when the plan's images cannot be read */
    public ImageAuditExpansion expandImages(ImageAuditPlan plan, String runId) {
        return ImageAuditExpansion.expand(plan, runId);
    }

    /** @throws dev.safegate.core.suite.SuiteException when a suite cannot be loaded */
    public PlanExpansion expand(Plan plan, String runId) {
        return expander.expand(plan, runId);
    }

    public Set<String> availableSuites() {
        return suites.availableSuites();
    }
}
