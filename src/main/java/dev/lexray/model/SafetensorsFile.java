package dev.lexray.model;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.io.AtomicFiles;
import dev.lexray.runtime.LexrayException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the safetensors format (an 8-byte little-endian header length, a JSON header, then raw tensor data),
 * checking everything a hostile or truncated file could get wrong before allocating: header size, offsets
 * inside the data area and not overlapping, byte counts matching dtype and shape.
 *
 * <p>F32 is read as is; F64, F16 and BF16 are converted to float32, the precision the engine keeps weights in.
 */
public final class SafetensorsFile {
    /** Headers are small JSON documents; anything larger is not a model we can load. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** Java arrays hold at most this many floats. */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Header parser: shallow nesting only, so a hostile header cannot exhaust the stack. */
    private static final ObjectMapper HEADER_JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).build()).build());

    private SafetensorsFile() {}

    private record Entry(String name, String dtype, long[] shape, long begin, long end) {}

    /** Reads every tensor of the file. */
    public static Map<String, Tensor> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new LexrayException("model weights not found: " + file);
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw bad(file, "the file is " + size + " bytes long, shorter than the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8) {
                throw bad(file, "the header length field says " + Long.toUnsignedString(headerLen)
                        + " bytes but the file has " + (size - 8) + " after it (truncated or not a safetensors file)");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8);
            List<Entry> entries = parseHeader(file, new String(headerBuf.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            checkLayout(file, entries, dataSize);
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.name(), readTensor(ch, e, dataStart));
            }
            return out;
        } catch (IOException e) {
            throw new LexrayException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes float32 tensors (used for tests and the training command). The file is written atomically. */
    public static void write(Path file, Map<String, Tensor> tensors) {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        boolean first = true;
        for (Tensor t : tensors.values()) {
            long bytes = 4L * t.values().length;
            if (!first) {
                header.append(',');
            }
            first = false;
            try {
                header.append(JSON.writeValueAsString(t.name()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            header.append(":{\"dtype\":\"F32\",\"shape\":").append(Arrays.toString(t.shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        header.append('}');
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - headerBytes.length % 8) % 8; // align data to 8 bytes, as the reference writer does
        byte[] padded = Arrays.copyOf(headerBytes, headerBytes.length + pad);
        Arrays.fill(padded, headerBytes.length, padded.length, (byte) ' ');
        ByteBuffer buf = ByteBuffer.allocate((int) (8 + padded.length + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded.length).put(padded);
        for (Tensor t : tensors.values()) {
            for (float v : t.values()) {
                buf.putFloat(v);
            }
        }
        AtomicFiles.write(file, buf.array());
    }

    private static List<Entry> parseHeader(Path file, String json) {
        JsonNode root;
        try {
            root = HEADER_JSON.readTree(json);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw bad(file, "the header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw bad(file, "the header is not a JSON object");
        }
        List<Entry> entries = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode n = f.getValue();
            String name = f.getKey();
            if (!n.isObject() || !n.path("dtype").isTextual() || !n.path("shape").isArray()
                    || !n.path("data_offsets").isArray() || n.path("data_offsets").size() != 2) {
                throw bad(file, "tensor '" + name + "' needs dtype, shape and two data_offsets");
            }
            long[] shape = new long[n.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                JsonNode d = n.get("shape").get(i);
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                    throw bad(file, "tensor '" + name + "' has an invalid shape " + n.get("shape"));
                }
                shape[i] = d.asLong();
            }
            JsonNode b = n.get("data_offsets").get(0);
            JsonNode e = n.get("data_offsets").get(1);
            if (!b.isIntegralNumber() || !e.isIntegralNumber() || !b.canConvertToLong() || !e.canConvertToLong()) {
                throw bad(file, "tensor '" + name + "' has invalid data_offsets " + n.get("data_offsets"));
            }
            entries.add(new Entry(name, n.get("dtype").asText(), shape, b.asLong(), e.asLong()));
        }
        return entries;
    }

    private static void checkLayout(Path file, List<Entry> entries, long dataSize) {
        for (Entry e : entries) {
            int width = switch (e.dtype()) {
                case "F32" -> 4;
                case "F64" -> 8;
                case "F16", "BF16" -> 2;
                default -> throw bad(file, "tensor '" + e.name() + "' has dtype " + e.dtype()
                        + "; Lexray reads floating-point weights only (F32, F64, F16, BF16)");
            };
            long elements = 1;
            for (long d : e.shape()) {
                try {
                    elements = Math.multiplyExact(elements, d);
                } catch (ArithmeticException overflow) {
                    elements = Long.MAX_VALUE; // stays too many: a later 0 must not bring it back (Tensor rechecks)
                    break;
                }
            }
            if (elements > MAX_ELEMENTS) {
                throw bad(file, "tensor '" + e.name() + "' has shape " + Arrays.toString(e.shape())
                        + ", too many elements to load");
            }
            if (e.begin() < 0 || e.end() < e.begin() || e.end() > dataSize) {
                throw bad(file, "tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end()
                        + "] outside the " + dataSize + " data bytes (truncated file?)");
            }
            if (e.end() - e.begin() != elements * width) {
                throw bad(file, "tensor '" + e.name() + "' holds " + (e.end() - e.begin()) + " bytes but "
                        + e.dtype() + " " + Arrays.toString(e.shape()) + " needs " + elements * width);
            }
        }
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(Entry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).begin() < sorted.get(i - 1).end()) {
                throw bad(file, "tensors '" + sorted.get(i - 1).name() + "' and '" + sorted.get(i).name()
                        + "' overlap in the data area");
            }
        }
    }

    private static Tensor readTensor(FileChannel ch, Entry e, long dataStart) throws IOException {
        int n = Math.toIntExact(e.end() - e.begin());
        ByteBuffer buf = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + e.begin());
        buf.flip();
        float[] values;
        switch (e.dtype()) {
            case "F32" -> {
                values = new float[n / 4];
                buf.asFloatBuffer().get(values);
            }
            case "F64" -> {
                values = new float[n / 8];
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) buf.getDouble();
                }
            }
            case "F16" -> {
                values = new float[n / 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = halfToFloat(buf.getShort());
                }
            }
            default -> { // BF16: the high half of a float32
                values = new float[n / 2];
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((buf.getShort() & 0xFFFF) << 16);
                }
            }
        }
        return new Tensor(e.name(), e.shape(), values);
    }

    /** IEEE 754 binary16 to float (Java 17 has no built-in conversion). */
    static float halfToFloat(short half) {
        int h = half & 0xFFFF;
        int sign = (h >>> 15) << 31;
        int exp = (h >>> 10) & 0x1F;
        int mant = h & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        long pos = position;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += r;
        }
    }

    private static LexrayException bad(Path file, String what) {
        return new LexrayException(file + ": " + what);
    }
}
