package dev.safegate.worker;

import dev.safegate.core.condition.ReferenceScoring;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.Turn;
import dev.safegate.triton.SamplingParams;
import dev.safegate.triton.TextRequest;
import dev.safegate.triton.TextResult;
import dev.safegate.triton.TritonException;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Makes the generation for one task: model ready, prompt plan, the calls in order (a multi-turn plan feeds
 * each answer back), then the Generation. Any error becomes an ERROR generation with a reason; the one failure is
 * {@link TaskSkipped}, when the run was decided or cancelled while the task waited for a model call.
 */
@Singleton
public class GenerationRunner {
    private static final Logger LOG = Logger.getLogger(GenerationRunner.class);

    private final ServedModels models;
    private final ModelLifecycle lifecycle;
    private final PromptBuilder prompts;
    private final ChatTemplates templates;
    private final ModelCaller caller;
    private final WhiteBoxSupport whiteBox;
    private final SteeringDirections directions;
    private final RunEvents runs;
    private final Retries retries;
    private final WorkerMetrics metrics;
    private final int defaultMaxTokens;

    public GenerationRunner(ServedModels models, ModelLifecycle lifecycle, PromptBuilder prompts, ChatTemplates templates,
            ModelCaller caller, WhiteBoxSupport whiteBox, SteeringDirections directions, RunEvents runs,
            Retries retries, WorkerMetrics metrics, WorkerConfig config) {
        this.whiteBox = whiteBox;
        this.directions = directions;
        this.runs = runs;
        this.templates = templates;
        this.models = models;
        this.lifecycle = lifecycle;
        this.prompts = prompts;
        this.caller = caller;
        this.retries = retries;
        this.metrics = metrics;
        this.defaultMaxTokens = config.defaultMaxTokens();
    }

    public Uni<Generation> run(EvalTask task) {
        String modelName = task.getServedModel().isEmpty() ? task.getModel() : task.getServedModel();
        ServedModel model = models.resolve(modelName, task.getServedVersion());
        TaskRun run = new TaskRun(task, model);
        return retries.withRetries(() -> lifecycle.ensureReady(model, task.getRunId()))
                .chain(() -> templates.of(model))
                .chain(template -> directions.forTask(task).invoke(direction ->
                        run.plan = prompts.plan(task, model, template, sampling(task), direction)))
                .chain(() -> whiteBox.check(model, run.plan))
                .chain(() -> referenceReady(run))
                .chain(() -> nextCall(run))
                .chain(() -> scoreUnderReference(run))
                .map(done -> run.succeeded())
                .onFailure(error -> !(error instanceof TaskSkipped)).recoverWithItem(run::failed)
                .invoke(generation -> metrics.generation(model.name(), generation.getStatus()));
    }

    private Uni<Void> nextCall(TaskRun run) {
        if (run.turns.size() == run.plan.calls()) {
            return Uni.createFrom().voidItem();
        }
        String prompt = run.plan.prompt(run.answers());
        run.lastPrompt = prompt;
        int promptTokens = checkContext(run.model, prompt, run.plan.sampling());
        TextRequest request = new TextRequest(prompt, run.plan.sampling(), run.plan.parameters());
        return caller.call(run.model, request, run.attempts, () -> !runs.isCancelled(run.task.getRunId()))
                .invoke(call -> run.turns.add(turn(run.model, prompt, promptTokens, call)))
                .chain(() -> nextCall(run));
    }

    /** reference_kl: the reference model must be ready and declare score_continuation before the model is called. */
    private Uni<Void> referenceReady(TaskRun run) {
        if (run.plan.reference() == null) {
            return Uni.createFrom().voidItem();
        }
        run.reference = models.resolve(run.plan.reference().model(), run.plan.reference().version());
        return retries.withRetries(() -> lifecycle.ensureReady(run.reference, run.task.getRunId()))
                .chain(() -> whiteBox.check(run.reference, List.of(ReferenceScoring.REQUEST_PARAMETER)));
    }

    /** reference_kl: the model's own answer, teacher-forced after the same prompt through the reference. */
    private Uni<Void> scoreUnderReference(TaskRun run) {
        if (run.plan.reference() == null) {
            return Uni.createFrom().voidItem();
        }
        TextRequest scoring = new TextRequest(run.lastPrompt,
                new SamplingParams(0, 1.0, 0, 1, null),
                Map.of(ReferenceScoring.REQUEST_PARAMETER, run.turns.getLast().result().text()));
        return caller.call(run.reference, scoring, run.attempts, () -> !runs.isCancelled(run.task.getRunId()))
                .invoke(call -> run.referenceResult = call.result())
                .replaceWithVoid();
    }

    /** @return the prompt's token count, or -1 without a tokenizer */
    private static int checkContext(ServedModel model, String prompt, SamplingParams sampling) {
        if (model.tokens().isEmpty()) {
            return -1;
        }
        int tokens = model.tokens().get().count(prompt);
        if (model.maxContextTokens() > 0 && tokens + sampling.maxTokens() > model.maxContextTokens()) {
            throw new PromptException(PromptException.CONTEXT_LENGTH, "prompt of " + tokens + " tokens plus max_tokens "
                    + sampling.maxTokens() + " exceeds the context of " + model.maxContextTokens() + " tokens", null);
        }
        return tokens;
    }

    private CallTurn turn(ServedModel model, String prompt, int promptTokens, ModelCaller.Call call) {
        TextResult result = call.result();
        int input = result.inputTokens() >= 0 ? result.inputTokens() : promptTokens;
        int output = result.outputTokens() >= 0 ? result.outputTokens()
                : model.tokens().map(tokens -> tokens.count(result.text())).orElse(-1);
        metrics.tokens(model.name(), input, output);
        return new CallTurn(prompt, result, Math.max(input, 0), Math.max(output, 0), output >= 0,
                TimeUnit.NANOSECONDS.toMillis(call.latencyNanos()));
    }

    private SamplingParams sampling(EvalTask task) {
        var sampling = task.getSampling();
        return new SamplingParams(
                sampling.getTemperature(),
                sampling.getTopP() > 0 ? sampling.getTopP() : 1.0,
                sampling.getTopK(),
                sampling.getMaxTokens() > 0 ? sampling.getMaxTokens() : defaultMaxTokens,
                sampling.getHasSeed() ? sampling.getSeed() : null);
    }

    private record CallTurn(String prompt, TextResult result, int inputTokens, int outputTokens, boolean counted,
            long latencyMs) {
    }

    /** One task's progress, so that a failure can still report what was done. */
    private final class TaskRun {
        final EvalTask task;
        final ServedModel model;
        final AtomicInteger attempts = new AtomicInteger();
        final List<CallTurn> turns = new ArrayList<>();
        PromptPlan plan;
        String lastPrompt = "";
        ServedModel reference;
        TextResult referenceResult;

        TaskRun(EvalTask task, ServedModel model) {
            this.task = task;
            this.model = model;
        }

        List<String> answers() {
            return turns.stream().map(turn -> turn.result().text()).toList();
        }

        Generation succeeded() {
            CallTurn last = turns.getLast();
            Generation.Builder generation = base(Generation.Status.OK)
                    .setOutput(plan.assistantPrefix() + last.result().text())
                    .setFinishReason(finishReason(last))
                    .setServedModel(last.result().servedModel())
                    .setServedVersion(last.result().servedVersion());
            WhiteBoxResults.of(plan, last.result(), referenceResult).ifPresent(generation::setWhiteBox);
            return generation.build();
        }

        Generation failed(Throwable error) {
            String reason = switch (error) {
                case TritonException triton -> triton.reason();
                case PromptException prompt -> prompt.reason();
                default -> "internal";
            };
            if (!(error instanceof TritonException)) {
                metrics.error(model.name(), reason);
            }
            if (reason.equals("internal")) {
                LOG.errorf(error, "task %s failed unexpectedly", task.getTaskId());
            }
            return base(Generation.Status.ERROR)
                    .setErrorReason(reason + ": " + error.getMessage())
                    .setServedModel(model.name())
                    .setServedVersion(model.triton().version())
                    .build();
        }

        private Generation.Builder base(Generation.Status status) {
            Generation.Builder generation = Generation.newBuilder()
                    .setTaskId(task.getTaskId())
                    .setRunId(task.getRunId())
                    .setStatus(status)
                    .setPrompt(lastPrompt)
                    .setPromptSha256(lastPrompt.isEmpty() ? "" : sha256(lastPrompt))
                    .setAttempts(attempts.get())
                    .setTask(task);
            for (CallTurn turn : turns) {
                generation.setInputTokens(generation.getInputTokens() + turn.inputTokens())
                        .setOutputTokens(generation.getOutputTokens() + turn.outputTokens())
                        .setLatencyMs(generation.getLatencyMs() + turn.latencyMs());
            }
            if (plan != null && plan.calls() > 1) {
                turns.forEach(turn -> generation.addTurns(Turn.newBuilder()
                        .setPrompt(turn.prompt())
                        .setOutput(turn.result().text())
                        .setInputTokens(turn.inputTokens())
                        .setOutputTokens(turn.outputTokens())
                        .setLatencyMs(turn.latencyMs())));
            }
            return generation;
        }

        private String finishReason(CallTurn last) {
            if (last.result().finishReason() != null) {
                return last.result().finishReason();
            }
            if (!last.counted()) {
                return "unknown";
            }
            return last.outputTokens() >= plan.sampling().maxTokens() ? "length" : "stop";
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
