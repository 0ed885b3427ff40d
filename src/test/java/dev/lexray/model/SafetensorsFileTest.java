package dev.lexray.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lexray.runtime.LexrayException;
import dev.lexray.testing.SharedData;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader: official sample files, write/read round trip, dtype conversion, and hostile files that
 * must fail with a {@link LexrayException} naming the file and the problem (never an OOM, a hang or another
 * exception type).
 */
class SafetensorsFileTest {
    private static final float[] MINUS3_TO_2 = {-3, -2, -1, 0, 1, 2};

    @TempDir
    Path dir;

    // ---- official samples (written by the safetensors library, unpadded headers) ----

    @Test
    void readsTheOfficialF32Sample() {
        Map<String, Tensor> t = SafetensorsFile.read(SharedData.require("reference/safetensors_samples/f.safetensors"));
        assertThat(t).containsOnlyKeys("f"); // __metadata__ is not a tensor
        assertThat(t.get("f").shape()).containsExactly(6);
        assertThat(t.get("f").values()).containsExactly(MINUS3_TO_2);
    }

    @Test
    void readsTheOfficialF64SampleAsFloat32() {
        Map<String, Tensor> t = SafetensorsFile.read(SharedData.require("reference/safetensors_samples/d.safetensors"));
        assertThat(t).containsOnlyKeys("d");
        assertThat(t.get("d").shape()).containsExactly(6);
        assertThat(t.get("d").values()).containsExactly(MINUS3_TO_2);
    }

    @Test
    void refusesTheOfficialAllDtypesSampleNamingTheIntegerTensor() {
        Path file = SharedData.require("reference/safetensors_samples/overall.safetensors");
        // the first tensor in the header is "B", dtype U8
        assertFails(file).hasMessageContaining("'B'").hasMessageContaining("U8")
                .hasMessageContaining("floating-point");
    }

    @Test
    void convertsTheOfficialF16TensorOfTheAllDtypesSample() throws IOException {
        Path file = SharedData.require("reference/safetensors_samples/overall.safetensors");
        byte[] all = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        JsonNode header = new ObjectMapper().readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        for (String name : new String[] {"e", "f", "d"}) {
            JsonNode e = header.get(name);
            int begin = e.get("data_offsets").get(0).asInt();
            int end = e.get("data_offsets").get(1).asInt();
            byte[] data = Arrays.copyOfRange(all, (int) (8 + headerLen + begin), (int) (8 + headerLen + end));
            String dtype = e.get("dtype").asText();
            Path one = craft(name + ".safetensors",
                    "{\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":[6],\"data_offsets\":[0," + data.length
                            + "]}}", data);
            assertThat(SafetensorsFile.read(one).get(name).values()).as(dtype).containsExactly(MINUS3_TO_2);
        }
    }

    // ---- round trip ----

    @Test
    void writesWhatItReadsBackInOrderWithAlignedData() throws IOException {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("z.weight", new Tensor("z.weight", new long[] {2, 3}, new float[] {1, -2, 3.5f, Float.MIN_VALUE,
            -0f, Float.MAX_VALUE}));
        in.put("scalar", new Tensor("scalar", new long[] {}, new float[] {42}));
        in.put("empty", new Tensor("empty", new long[] {0, 4}, new float[0]));
        in.put("quoted \"name\" é", new Tensor("quoted \"name\" é", new long[] {1}, new float[] {7}));
        Path file = dir.resolve("round.safetensors");
        SafetensorsFile.write(file, in);

        Map<String, Tensor> out = SafetensorsFile.read(file);
        assertThat(out.keySet()).containsExactlyElementsOf(in.keySet());
        for (Tensor t : in.values()) {
            assertThat(out.get(t.name()).shape()).as(t.name()).containsExactly(t.shape());
            assertThat(out.get(t.name()).values()).as(t.name()).containsExactly(t.values());
        }
        byte[] bytes = Files.readAllBytes(file);
        long headerLen = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLen) % 8).as("data starts 8-byte aligned").isZero();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void writeReplacesAnExistingFile() {
        Path file = dir.resolve("w.safetensors");
        SafetensorsFile.write(file, Map.of("a", new Tensor("a", new long[] {1}, new float[] {1})));
        SafetensorsFile.write(file, Map.of("b", new Tensor("b", new long[] {2}, new float[] {2, 3})));
        assertThat(SafetensorsFile.read(file)).containsOnlyKeys("b");
    }

    @Test
    void aFailedWriteLeavesNeitherAPartialFileNorATemporaryOne() throws IOException {
        // the target is a non-empty directory: the final rename fails after the data was written
        Path target = Files.createDirectories(dir.resolve("taken.safetensors"));
        Files.writeString(target.resolve("keep.txt"), "keep");
        Map<String, Tensor> one = Map.of("a", new Tensor("a", new long[] {1}, new float[] {1}));
        assertThatThrownBy(() -> SafetensorsFile.write(target, one))
                .isExactlyInstanceOf(LexrayException.class).hasMessageContaining("cannot write")
                .hasMessageContaining(target.toString());
        assertThat(target.resolve("keep.txt")).hasContent("keep");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
        // a parent that is a file cannot be created
        Path file = Files.writeString(dir.resolve("plain"), "x");
        assertThatThrownBy(() -> SafetensorsFile.write(file.resolve("w.safetensors"), one))
                .isExactlyInstanceOf(LexrayException.class).hasMessageContaining("cannot write");
    }

    // ---- dtype conversion ----

    @Test
    void convertsF64ToTheNearestFloat() {
        double[] values = {Math.PI, -1e-3, 1e-50, 123456789.123, -0.0};
        ByteBuffer b = le(values.length * 8);
        for (double v : values) {
            b.putDouble(v);
        }
        float[] read = readOne("F64", "[5]", b.array());
        for (int i = 0; i < values.length; i++) {
            assertThat(read[i]).isEqualTo((float) values[i]);
        }
        assertThat(Float.floatToIntBits(read[4])).isEqualTo(Float.floatToIntBits(-0f));
    }

    @Test
    void convertsF16IncludingSubnormalsInfinitiesAndNaN() {
        short[] bits = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, 0x03FF, (short) 0x8000, 0x7C00, (short) 0xFC00, 0x7E00,
            0x3555, 0x0400};
        float[] expected = {1f, -2f, 65504f, 0x1p-24f, 1023 * 0x1p-24f, -0f, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, 0.333251953125f, 0x1p-14f};
        ByteBuffer b = le(bits.length * 2);
        for (short s : bits) {
            b.putShort(s);
        }
        float[] read = readOne("F16", "[" + bits.length + "]", b.array());
        for (int i = 0; i < bits.length; i++) {
            assertThat(Float.valueOf(read[i])).as("F16 0x%04x", bits[i] & 0xFFFF).isEqualTo(Float.valueOf(expected[i]));
        }
    }

    @Test
    void convertsBf16AsTheHighHalfOfAFloat() {
        float[] exact = {1f, -3f, 3.140625f, Float.POSITIVE_INFINITY, -0f, 0x1p-133f, 1.0e38f};
        ByteBuffer b = le(exact.length * 2);
        for (float f : exact) {
            b.putShort((short) (Float.floatToRawIntBits(f) >>> 16));
        }
        float[] read = readOne("BF16", "[" + exact.length + "]", b.array());
        for (int i = 0; i < exact.length; i++) {
            float truncated = Float.intBitsToFloat(Float.floatToRawIntBits(exact[i]) & 0xFFFF0000);
            assertThat(Float.valueOf(read[i])).isEqualTo(Float.valueOf(truncated));
        }
        assertThat(read[0]).isEqualTo(1f);
        assertThat(read[1]).isEqualTo(-3f);
        assertThat(read[2]).isEqualTo(3.140625f);
    }

    @Test
    void readsMultiDimensionalShapesRowMajor() {
        ByteBuffer b = le(24);
        for (int i = 0; i < 6; i++) {
            b.putFloat(i);
        }
        Path f = craft("m.safetensors", "{\"m\":{\"dtype\":\"F32\",\"shape\":[2,1,3],\"data_offsets\":[0,24]},"
                + "\"__metadata__\":{\"format\":\"pt\"}}", b.array());
        Tensor t = SafetensorsFile.read(f).get("m");
        assertThat(t.shape()).containsExactly(2, 1, 3);
        assertThat(t.values()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    // ---- hostile files ----

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.safetensors");
        assertFails(f).hasMessageContaining("not found");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.safetensors"), new byte[0]);
        assertFails(f).hasMessageContaining("0 bytes");
    }

    @Test
    void fileShorterThanTheLengthField() throws IOException {
        Path f = Files.write(dir.resolve("short.safetensors"), new byte[] {2, 0, 0});
        assertFails(f).hasMessageContaining("3 bytes").hasMessageContaining("8-byte");
    }

    @Test
    void headerLengthLargerThanTheFile() {
        Path f = raw("long.safetensors", 1000, "{}".getBytes(StandardCharsets.UTF_8));
        assertFails(f).hasMessageContaining("header length").hasMessageContaining("1000");
    }

    @Test
    void headerLengthZero() {
        Path f = raw("zero.safetensors", 0, "{}".getBytes(StandardCharsets.UTF_8));
        assertFails(f).hasMessageContaining("header length").hasMessageContaining(" 0 ");
    }

    @Test
    void absurdHeaderLengths() {
        for (long len : new long[] {1L << 62, -1L, Long.MIN_VALUE}) {
            Path f = raw("absurd" + Long.toHexString(len) + ".safetensors", len, new byte[16]);
            assertFails(f).hasMessageContaining("header length").hasMessageContaining(Long.toUnsignedString(len));
        }
    }

    @Test
    void headerLengthOverTheLimitIsRefusedWithoutReadingIt() throws IOException {
        // A sparse file: the header length fits in the file but exceeds the 100 MiB limit on headers.
        Path f = dir.resolve("huge.safetensors");
        long len = SafetensorsFile.MAX_HEADER_BYTES + 1;
        try (RandomAccessFile r = new RandomAccessFile(f.toFile(), "rw")) {
            r.write(le(8).putLong(len).array());
            r.setLength(8 + len + 8);
        }
        assertFails(f).hasMessageContaining("header length").hasMessageContaining(Long.toString(len));
    }

    @Test
    void truncatedData() {
        Path f = craft("trunc.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[6],\"data_offsets\":[0,24]}}",
                new byte[12]);
        assertFails(f).hasMessageContaining("'w'").hasMessageContaining("truncated")
                .hasMessageContaining("12 data bytes");
    }

    @Test
    void dataOffsetsOutOfRange() {
        for (String offsets : new String[] {"[-4,0]", "[8,4]", "[0,1099511627776]", "[16,32]"}) {
            Path f = craft("range.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":" + offsets
                    + "}}", new byte[16]);
            assertFails(f).as(offsets).hasMessageContaining("'w'").hasMessageContaining("data_offsets");
        }
    }

    @Test
    void dataOffsetsThatAreNotIntegers() {
        for (String offsets : new String[] {"[0,4.0]", "[\"0\",4]", "[0,1e30]", "[0,99999999999999999999999]",
            "[0]", "[0,4,8]", "[null,4]"}) {
            Path f = craft("offsets.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":"
                    + offsets + "}}", new byte[4]);
            assertFails(f).as(offsets).hasMessageContaining("'w'").hasMessageContaining("data_offsets");
        }
    }

    @Test
    void overlappingTensors() {
        Path f = craft("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertFails(f).hasMessageContaining("'a'").hasMessageContaining("'b'").hasMessageContaining("overlap");
    }

    @Test
    void negativeOrNonIntegerShapeEntries() {
        for (String shape : new String[] {"[-1]", "[2,-3]", "[1.5]", "[\"2\"]", "[null]", "[true]", "[[2]]",
            "[99999999999999999999999]", "[1e3]"}) {
            Path f = craft("shape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape
                    + ",\"data_offsets\":[0,4]}}", new byte[4]);
            assertFails(f).as(shape).hasMessageContaining("'w'").hasMessageContaining("shape");
        }
    }

    @Test
    void shapeWhoseElementCountOverflowsLong() {
        for (String shape : new String[] {"[4294967296,4294967296,4294967296]", "[9223372036854775807,2]",
            "[4611686018427387904,4611686018427387904,0]", "[3037000500,3037000500]", "[2147483647]"}) {
            Path f = craft("overflow.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":" + shape
                    + ",\"data_offsets\":[0,0]}}", new byte[0]);
            assertFails(f).as(shape).hasMessageContaining("'w'").hasMessageContaining("too many elements");
        }
    }

    @Test
    void byteCountNotMatchingDtypeAndShape() {
        Path f = craft("count.safetensors", "{\"w\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,8]}}",
                new byte[8]);
        assertFails(f).hasMessageContaining("'w'").hasMessageContaining("8 bytes").hasMessageContaining("needs 6");
    }

    @Test
    void unknownDtype() {
        Path f = craft("i64.safetensors", "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}",
                new byte[8]);
        assertFails(f).hasMessageContaining("'ids'").hasMessageContaining("I64").hasMessageContaining("F32");
    }

    @Test
    void entryWithoutTheRequiredFields() {
        for (String entry : new String[] {"5", "{}", "{\"dtype\":\"F32\",\"shape\":[1]}",
            "{\"dtype\":4,\"shape\":[1],\"data_offsets\":[0,4]}",
            "{\"dtype\":\"F32\",\"shape\":1,\"data_offsets\":[0,4]}"}) {
            Path f = craft("fields.safetensors", "{\"w\":" + entry + "}", new byte[4]);
            assertFails(f).as(entry).hasMessageContaining("'w'").hasMessageContaining("dtype, shape");
        }
    }

    @Test
    void headerThatIsNotJson() {
        Path f = craft("notjson.safetensors", "{\"w\": {dtype: F32", new byte[4]);
        assertFails(f).hasMessageContaining("not valid JSON");
        Path binary = raw("binary.safetensors", 8, new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 1, 2, 3, 4, 5});
        assertFails(binary).hasMessageContaining("not valid JSON");
    }

    @Test
    void headerThatIsAJsonArrayOrScalar() {
        for (String header : new String[] {"[1,2,3]", "42", "\"text\"", "null", "    "}) {
            Path f = craft("array.safetensors", header, new byte[0]);
            assertFails(f).as(header).hasMessageContaining("not a JSON object");
        }
    }

    @Test
    void deeplyNestedHeaderNeitherOverflowsTheStackNorHangs() {
        int depth = 200_000;
        String header = "{\"w\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
        Path f = craft("nested.safetensors", header, new byte[0]);
        assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertFails(f).hasMessageContaining("not valid JSON").hasMessageContaining("nesting depth"));
    }

    // ---- helpers ----

    /** Asserts that reading fails with a LexrayException whose message names the file. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertFails(Path file) {
        return assertThatThrownBy(() -> SafetensorsFile.read(file))
                .isExactlyInstanceOf(LexrayException.class)
                .hasMessageContaining(file.toString());
    }

    private float[] readOne(String dtype, String shape, byte[] data) {
        Path f = craft(dtype + ".safetensors", "{\"x\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape
                + ",\"data_offsets\":[0," + data.length + "]}}", data);
        return SafetensorsFile.read(f).get("x").values();
    }

    /** 8-byte LE length of the header, the header, the data. */
    private Path craft(String name, String header, byte[] data) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return raw(name, h.length, concat(h, data));
    }

    /** The length field as given (possibly lying), then the rest. */
    private Path raw(String name, long headerLength, byte[] rest) {
        try {
            return Files.write(dir.resolve(name), concat(le(8).putLong(headerLength).array(), rest));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
