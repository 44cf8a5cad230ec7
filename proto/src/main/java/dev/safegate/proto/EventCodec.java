package dev.safegate.proto;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.safegate.proto.v1.EvalTask;
import dev.safegate.proto.v1.Generation;
import dev.safegate.proto.v1.ImageExplanation;
import dev.safegate.proto.v1.RunEvent;
import dev.safegate.proto.v1.Verdict;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Reads SafeGate events from raw Kafka records. Consumers take {@code byte[]} and decode here, instead of
 * using a Kafka deserializer, so that a bad record becomes a {@link MalformedEventException} inside the
 * processing method: the message is then nacked onto the dead-letter topic with its reason, and the
 * partition moves on.
 *
 * <p>Protobuf parses almost any bytes into some message, so a record is accepted only when its type header
 * names the expected message, the schema version is known, and the identifying fields are present.
 */
public final class EventCodec {

    private EventCodec() {
    }

    public static EvalTask task(byte[] value, Headers headers) {
        EvalTask task = decode(value, headers, EvalTask.getDefaultInstance(), EvalTask::parseFrom);
        require(!task.getTaskId().isEmpty(), "EvalTask without task_id");
        require(!task.getRunId().isEmpty(), "EvalTask without run_id");
        return task;
    }

    public static Generation generation(byte[] value, Headers headers) {
        Generation generation = decode(value, headers, Generation.getDefaultInstance(), Generation::parseFrom);
        require(!generation.getTaskId().isEmpty(), "Generation without task_id");
        require(generation.hasTask(), "Generation without its task");
        require(generation.getStatus() != Generation.Status.STATUS_UNSPECIFIED, "Generation without status");
        return generation;
    }

    public static Verdict verdict(byte[] value, Headers headers) {
        Verdict verdict = decode(value, headers, Verdict.getDefaultInstance(), Verdict::parseFrom);
        require(!verdict.getTaskId().isEmpty(), "Verdict without task_id");
        require(!verdict.getJudgeId().isEmpty(), "Verdict without judge_id");
        require(verdict.hasTask(), "Verdict without its task");
        return verdict;
    }

    public static ImageExplanation explanation(byte[] value, Headers headers) {
        ImageExplanation explanation = decode(value, headers, ImageExplanation.getDefaultInstance(),
                ImageExplanation::parseFrom);
        require(!explanation.getTaskId().isEmpty(), "ImageExplanation without task_id");
        require(!explanation.getRunId().isEmpty(), "ImageExplanation without run_id");
        require(explanation.hasTask() && explanation.getTask().hasImageAudit(), "ImageExplanation without its task");
        require(explanation.getStatus() != Generation.Status.STATUS_UNSPECIFIED, "ImageExplanation without status");
        return explanation;
    }

    public static RunEvent run(byte[] value, Headers headers) {
        RunEvent event = decode(value, headers, RunEvent.getDefaultInstance(), RunEvent::parseFrom);
        require(!event.getRunId().isEmpty(), "RunEvent without run_id");
        require(event.getType() != RunEvent.Type.TYPE_UNSPECIFIED, "RunEvent without type");
        return event;
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static <T extends Message> T decode(byte[] value, Headers headers, T prototype, Parser<T> parser) {
        String expected = prototype.getDescriptorForType().getFullName();
        if (value == null) {
            throw new MalformedEventException("empty record where " + expected + " was expected");
        }
        String type = header(headers, EventHeaders.TYPE);
        if (type == null) {
            throw new MalformedEventException("missing header " + EventHeaders.TYPE + " (expected " + expected + ")");
        }
        if (!type.equals(expected)) {
            throw new MalformedEventException("header " + EventHeaders.TYPE + " is " + type + ", expected " + expected);
        }
        String schema = header(headers, EventHeaders.SCHEMA);
        if (schema != null && !schema.equals(EventHeaders.SCHEMA_V1)) {
            throw new MalformedEventException("unsupported schema version " + schema + " for " + expected);
        }
        try {
            return parser.parse(value);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedEventException("not a valid " + expected + ": " + e.getMessage(), e);
        }
    }

    private static String header(Headers headers, String name) {
        if (headers == null) {
            return null;
        }
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new MalformedEventException(reason);
        }
    }
}
