package dev.safegate.core.image;

import dev.safegate.core.plan.TaskIds;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The tasks of one image audit run: one per image, in the image set's order, with deterministic ids (re-planning
 * gives the same ids, so consumers recognise a re-published task).
 */
public final class ImageAuditExpansion {

    /** One image to explain. */
    public record ImageTask(String taskId, String runId, String imageSet, ImageSet.LabelledImage image) {
    }

    private final ImageAuditPlan plan;
    private final List<ImageTask> tasks;

    private ImageAuditExpansion(ImageAuditPlan plan, List<ImageTask> tasks) {
        this.plan = plan;
        this.tasks = tasks;
    }

    /**
     * Loads (or generates) the plan's images.
     *
     * @throws IllegalArgumentException when the images cannot be read, there are none, or two share a name
     */
    public static ImageAuditExpansion expand(ImageAuditPlan plan, String runId) {
        List<ImageSet.LabelledImage> images = plan.images().load();
        if (images.isEmpty()) {
            throw new IllegalArgumentException("image set " + plan.images().name() + " has no image");
        }
        Set<String> seen = new HashSet<>();
        String set = plan.images().name();
        List<ImageTask> tasks = images.stream().map(image -> {
            if (!seen.add(image.imageId())) {
                throw new IllegalArgumentException("image " + image.imageId() + " appears twice in " + set);
            }
            return new ImageTask(TaskIds.of(runId, set, image.imageId(), ImageAuditPlan.EXPLAINER, "", 0), runId, set,
                    image);
        }).toList();
        return new ImageAuditExpansion(plan, tasks);
    }

    public ImageAuditPlan plan() {
        return plan;
    }

    public long expectedTasks() {
        return tasks.size();
    }

    public List<ImageTask> tasks() {
        return tasks;
    }
}
