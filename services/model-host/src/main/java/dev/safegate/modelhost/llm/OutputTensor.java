package dev.safegate.modelhost.llm;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/** An output tensor beyond the text ones (white-box outputs), in raw little-endian form as Triton sends it. */
public record OutputTensor(String name, String datatype, List<Long> shape, ByteString raw) {

    public static OutputTensor int64(String name, long[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asLongBuffer().put(values);
        return new OutputTensor(name, "INT64", List.of((long) values.length), ByteString.copyFrom(buffer));
    }

    /** FP32 [rows.length, columns] from rows of equal length (a 1-D tensor when {@code rows} has one row). */
    public static OutputTensor fp32(String name, List<Long> shape, float[]... rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(rows.length * columns * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : rows) {
            buffer.asFloatBuffer().put(row);
            buffer.position(buffer.position() + row.length * 4);
        }
        buffer.flip();
        return new OutputTensor(name, "FP32", shape, ByteString.copyFrom(buffer));
    }
}
