package dev.safegate.orchestrator.run;

import dev.safegate.core.image.ImageAuditExpansion;
import dev.safegate.core.image.ImageAuditPlan;
import dev.safegate.core.image.ImageSet;
import dev.safegate.core.image.InputOverrides;
import dev.safegate.core.image.ObjectRegion;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.ImageAuditTask;
import dev.safegate.proto.v1.ImageInput;
import dev.safegate.proto.v1.RunEvent;
import com.google.protobuf.ByteString;
import java.util.Locale;

/**
 * Builds the {@code safegate.tasks} message of an image audit task: the image (PNG) and its region travel in the
 * task, so a worker needs no access to where the images came from.
 */
public final class ImageTaskMessages {
    private final EvalTask prototype;
    private final ImageAuditTask settings;

    public ImageTaskMessages(String model, String modelVersion, String servedModel, String servedVersion,
                             RunEvent.Role role, long createdMs, ImageAuditPlan plan) {
        this.prototype = EvalTask.newBuilder()
                .setModel(model)
                .setModelVersion(modelVersion)
                .setServedModel(servedModel)
                .setServedVersion(servedVersion)
                .setRole(role)
                .addAllJudgeIds(plan.judges())
                .setCondition(dev.safegate.core.image.ImageOutcome.CONDITION)
                .setCreatedMs(createdMs)
                .build();
        ImageAuditPlan.Lime lime = plan.lime();
        this.settings = ImageAuditTask.newBuilder()
                .setImageSet(plan.images().name())
                .setSamples(lime.samples())
                .setSeed(lime.seed())
                .setSuperpixels(lime.superpixels())
                .setCompactness(lime.compactness())
                .setFill(lime.fill())
                .setDistance(lime.distance().name().toLowerCase(Locale.ROOT))
                .setKernelWidth(lime.kernelWidth())
                .setTopSuperpixels(lime.topSuperpixels())
                .setInput(input(plan.input()))
                .build();
    }

    public EvalTask of(ImageAuditExpansion.ImageTask task) {
        ImageSet.LabelledImage image = task.image();
        ImageAuditTask.Builder audit = settings.toBuilder()
                .setImageId(image.imageId())
                .setImagePng(ByteString.copyFrom(image.image().png()))
                .setLabel(image.label() == null ? "" : image.label());
        ObjectRegion region = image.region();
        if (region != null) {
            audit.setRegionWidth(region.width()).setRegionHeight(region.height());
            for (int count : region.runLengths()) {
                audit.addRegionRunLengths(count);
            }
        }
        return prototype.toBuilder()
                .setTaskId(task.taskId())
                .setRunId(task.runId())
                .setSuite(task.imageSet())
                .setPromptId(image.imageId())
                .setCategory(image.label() == null ? "" : image.label())
                .setImageAudit(audit)
                .build();
    }

    private static ImageInput input(InputOverrides overrides) {
        ImageInput.Builder input = ImageInput.newBuilder();
        if (overrides.width() != null) {
            input.setWidth(overrides.width());
        }
        if (overrides.height() != null) {
            input.setHeight(overrides.height());
        }
        if (overrides.layout() != null) {
            input.setLayout(overrides.layout().name());
        }
        if (overrides.scale() != null) {
            input.setScale(overrides.scale());
        }
        if (overrides.mean() != null) {
            for (float v : overrides.mean()) {
                input.addMean(v);
            }
        }
        if (overrides.std() != null) {
            for (float v : overrides.std()) {
                input.addStd(v);
            }
        }
        return input.build();
    }
}
