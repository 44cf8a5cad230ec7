package dev.safegate.modelhost.transformers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The weights of a Hugging Face model folder: {@code model.safetensors}, or the shards that
 * {@code model.safetensors.index.json} lists. A safetensors file is an 8-byte little-endian header length, a JSON
 * header (name -> dtype, shape, data_offsets) and the raw little-endian data; it is read here directly (rather than
 * through DJL) so that each tensor is read on its own from any shard, F16 and BF16 are widened to F32 as they are
 * read, and every load error names the file and the tensor. {@link #write} writes one (SafeGate's own models: the
 * tests' tiny models and the model organisms).
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final Map<String, Entry> tensors;

    private Safetensors(Map<String, Entry> tensors) {
        this.tensors = tensors;
    }

    /** A tensor widened to F32, row-major. */
    public record Tensor(long[] shape, float[] data) {
    }

    private record Entry(Path file, String dtype, long[] shape, long start, long end) {
    }

    public static Safetensors open(Path folder) throws IOException {
        Path single = folder.resolve("model.safetensors");
        Path index = folder.resolve("model.safetensors.index.json");
        Map<String, Entry> tensors = new HashMap<>();
        if (Files.isRegularFile(single)) {
            readHeader(single, tensors);
        } else if (Files.isRegularFile(index)) {
            JsonNode weightMap = readJson(index).path("weight_map");
            if (!weightMap.isObject()) {
                throw new IOException(index + ": no weight_map object");
            }
            Map<String, Map<String, Entry>> shards = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> mapping = it.next();
                Path shard = folder.resolve(mapping.getValue().asText());
                if (!Files.isRegularFile(shard)) {
                    throw new IOException(index + ": shard " + shard + " (holding " + mapping.getKey() + ") is missing");
                }
                Map<String, Entry> inShard = shards.computeIfAbsent(mapping.getValue().asText(), name -> new HashMap<>());
                if (inShard.isEmpty()) {
                    readHeader(shard, inShard);
                }
                Entry entry = inShard.get(mapping.getKey());
                if (entry == null) {
                    throw new IOException(shard + ": tensor " + mapping.getKey() + " listed in " + index + " is absent");
                }
                tensors.put(mapping.getKey(), entry);
            }
        } else {
            throw new IOException(folder + ": neither model.safetensors nor model.safetensors.index.json exists");
        }
        return new Safetensors(tensors);
    }

    /** Reads a tensor, checking its shape. */
    public Tensor read(String name, long... expectedShape) throws IOException {
        Entry entry = tensors.get(name);
        if (entry == null) {
            throw new IOException("tensor " + name + " is missing from the model's safetensors");
        }
        if (!Arrays.equals(entry.shape, expectedShape)) {
            throw new IOException(entry.file + ": tensor " + name + " has shape " + Arrays.toString(entry.shape)
                    + ", config.json implies " + Arrays.toString(expectedShape));
        }
        long elements = Arrays.stream(entry.shape).reduce(1, Math::multiplyExact);
        int width = switch (entry.dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IOException(entry.file + ": tensor " + name + " has dtype " + entry.dtype
                    + " (supported: F32, F16, BF16)");
        };
        if (entry.end - entry.start != elements * width) {
            throw new IOException(entry.file + ": tensor " + name + " spans " + (entry.end - entry.start)
                    + " bytes, its shape and dtype need " + elements * width);
        }
        float[] data = new float[Math.toIntExact(elements)];
        try (FileChannel channel = FileChannel.open(entry.file, StandardOpenOption.READ)) {
            ByteBuffer bytes = channel.map(FileChannel.MapMode.READ_ONLY, entry.start, entry.end - entry.start)
                    .order(ByteOrder.LITTLE_ENDIAN);
            switch (entry.dtype) {
                case "F32" -> {
                    FloatBuffer floats = bytes.asFloatBuffer();
                    floats.get(data);
                }
                case "F16" -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = Float.float16ToFloat(bytes.getShort());
                    }
                }
                default -> {
                    for (int i = 0; i < data.length; i++) {
                        data[i] = Float.intBitsToFloat((bytes.getShort() & 0xffff) << 16); // BF16 = top half of F32
                    }
                }
            }
        }
        return new Tensor(entry.shape, data);
    }

    /**
     * Writes tensors (F32 data, row-major) as a safetensors file in the given dtype: F32, F16, or BF16 (truncated,
     * as a plain cast of the top 16 bits).
     */
    public static void write(Path file, Map<String, Tensor> tensors, String dtype) throws IOException {
        int width = switch (dtype) {
            case "F32" -> 4;
            case "F16", "BF16" -> 2;
            default -> throw new IllegalArgumentException("dtype " + dtype + " (supported: F32, F16, BF16)");
        };
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> tensor : tensors.entrySet()) {
            long[] shape = tensor.getValue().shape();
            if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != tensor.getValue().data().length) {
                throw new IllegalArgumentException("tensor " + tensor.getKey() + ": shape " + Arrays.toString(shape)
                        + " does not match its " + tensor.getValue().data().length + " values");
            }
            ObjectNode entry = header.putObject(tensor.getKey());
            entry.put("dtype", dtype);
            ArrayNode dims = entry.putArray("shape");
            Arrays.stream(shape).forEach(dims::add);
            long end = offset + (long) tensor.getValue().data().length * width;
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        header.putObject("__metadata__").put("format", "pt");
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + headerBytes.length + offset))
                .order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(headerBytes.length).put(headerBytes);
        for (Tensor tensor : tensors.values()) {
            for (float value : tensor.data()) {
                switch (dtype) {
                    case "F32" -> out.putFloat(value);
                    case "F16" -> out.putShort(Float.floatToFloat16(value));
                    default -> out.putShort((short) (Float.floatToRawIntBits(value) >>> 16));
                }
            }
        }
        Files.write(file, out.array());
    }

    private static void readHeader(Path file, Map<String, Entry> into) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            if (channel.read(lengthBytes, 0) != 8) {
                throw new IOException(file + ": corrupt safetensors header: file shorter than 8 bytes");
            }
            long length = lengthBytes.flip().getLong();
            if (length <= 0 || length > MAX_HEADER || 8 + length > size) {
                throw new IOException(file + ": corrupt safetensors header: header length " + length + " in a file of "
                        + size + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) length);
            channel.read(header, 8);
            JsonNode root;
            try {
                root = JSON.readTree(header.array());
            } catch (IOException e) {
                throw new IOException(file + ": corrupt safetensors header: " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) {
                throw new IOException(file + ": corrupt safetensors header: not a JSON object");
            }
            long dataStart = 8 + length;
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode info = field.getValue();
                JsonNode offsets = info.path("data_offsets");
                JsonNode shape = info.path("shape");
                if (!info.path("dtype").isTextual() || !shape.isArray() || offsets.size() != 2) {
                    throw new IOException(file + ": corrupt safetensors header: bad entry for " + field.getKey());
                }
                long start = dataStart + offsets.get(0).asLong();
                long end = dataStart + offsets.get(1).asLong();
                if (start < dataStart || end < start || end > size) {
                    throw new IOException(file + ": corrupt safetensors header: data of " + field.getKey()
                            + " lies outside the file");
                }
                long[] dims = new long[shape.size()];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = shape.get(i).asLong();
                }
                into.put(field.getKey(), new Entry(file, info.get("dtype").asText(), dims, start, end));
            }
        }
    }

    private static JsonNode readJson(Path file) throws IOException {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
    }
}
