package dev.safegate.worker;

/**
 * The task's run was decided (a sequential FAIL) or cancelled while the task waited for a model call: it is acked
 * without a generation, as a task of such a run that arrives later is.
 */
final class TaskSkipped extends RuntimeException {
    TaskSkipped() {
        super("the task's run no longer needs it (decided or cancelled)", null, false, false);
    }
}
