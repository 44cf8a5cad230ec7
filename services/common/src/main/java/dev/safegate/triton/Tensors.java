package dev.safegate.triton;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The KServe v2 raw tensor encoding: little-endian numbers, and BYTES elements as a 4-byte little-endian
 * length followed by the bytes.
 */
final class Tensors {

    private Tensors() {
    }

    static ByteString string(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        return ByteString.copyFrom(buffer(4 + bytes.length).putInt(bytes.length).put(bytes).flip());
    }

    static ByteString bool(boolean value) {
        return ByteString.copyFrom(new byte[] {(byte) (value ? 1 : 0)});
    }

    static ByteString int32(int value) {
        return ByteString.copyFrom(buffer(4).putInt(value).flip());
    }

    static ByteString fp32(float value) {
        return ByteString.copyFrom(buffer(4).putFloat(value).flip());
    }

    static ByteString uint64(long value) {
        return ByteString.copyFrom(buffer(8).putLong(value).flip());
    }

    /** Every element of a raw BYTES tensor, as UTF-8 text. */
    static List<String> strings(ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        List<String> values = new ArrayList<>();
        while (buffer.remaining() >= 4) {
            int length = buffer.getInt();
            if (length < 0 || length > buffer.remaining()) {
                throw new IllegalArgumentException("BYTES element of length " + length + " overruns the tensor");
            }
            byte[] bytes = new byte[length];
            buffer.get(bytes);
            values.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The first element of a raw integer tensor of the given KServe datatype. */
    static long firstInteger(String datatype, ByteString raw) {
        ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        return switch (datatype) {
            case "INT32" -> buffer.getInt();
            case "UINT32" -> Integer.toUnsignedLong(buffer.getInt());
            case "INT64", "UINT64" -> buffer.getLong();
            default -> throw new IllegalArgumentException("not an integer tensor: " + datatype);
        };
    }

    /** Every element of a raw INT64 tensor. */
    static long[] int64s(ByteString raw) {
        long[] values = new long[raw.size() / 8];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
        return values;
    }

    /** Every element of a raw FP32 tensor. */
    static float[] fp32s(ByteString raw) {
        float[] values = new float[raw.size() / 4];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return values;
    }

    private static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
