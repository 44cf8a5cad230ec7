package dev.safegate.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.safegate.core.plan.PromptOrder;
import dev.safegate.orchestrator.run.TaskPublisher;
import dev.safegate.proto.v1.EvalTask;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The publication order is the one the results service's sequential looks read (cells named with parameters). */
class TaskOrderTest {

    @Test
    void tasksOfAParameterisedConditionAreRankedByTheirCellsConditionLabel() {
        List<EvalTask> tasks = IntStream.range(0, 50).mapToObj(i -> EvalTask.newBuilder().setTaskId("t" + i)
                .setSuite("advbench").setCondition("prefill").setConditionParams("{\"tokens\":10}")
                .setPromptId("p" + i).build()).toList();

        List<String> published = TaskPublisher.inRunOrder("run-1", tasks.stream()).map(EvalTask::getPromptId).toList();

        List<String> lookOrder = tasks.stream().map(EvalTask::getPromptId)
                .sorted(Comparator.comparingLong(p -> PromptOrder.rank("run-1", "advbench", "prefill(tokens=10)", p)))
                .toList();
        assertEquals(lookOrder, published);
    }
}
