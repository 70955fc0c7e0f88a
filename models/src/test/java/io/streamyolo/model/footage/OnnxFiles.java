package io.streamyolo.model.footage;

import java.io.ByteArrayOutputStream;

/** Edits of ONNX files for tests: a model as an exporter that writes no metadata would leave it. */
public final class OnnxFiles {

    /** {@code ModelProto.metadata_props} (onnx.proto). */
    private static final int METADATA_PROPS = 14;

    private OnnxFiles() {}

    /** The model's bytes without its {@code metadata_props}, everything else unchanged. */
    public static byte[] withoutMetadata(byte[] model) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(model.length);
        int pos = 0;
        while (pos < model.length) {
            int start = pos;
            long[] tag = varint(model, pos);
            pos = (int) tag[1];
            int field = (int) (tag[0] >>> 3);
            int wireType = (int) (tag[0] & 7);
            switch (wireType) {
                case 0 -> pos = (int) varint(model, pos)[1];
                case 1 -> pos += 8;
                case 2 -> {
                    long[] length = varint(model, pos);
                    pos = (int) (length[1] + length[0]);
                }
                case 5 -> pos += 4;
                default -> throw new IllegalArgumentException("Not an ONNX model: wire type " + wireType + " at " + start);
            }
            if (field != METADATA_PROPS) {
                out.write(model, start, pos - start);
            }
        }
        return out.toByteArray();
    }

    /** {value, position after it}. */
    private static long[] varint(byte[] b, int pos) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte next = b[pos++];
            value |= (long) (next & 0x7F) << shift;
            if (next >= 0) {
                return new long[] {value, pos};
            }
        }
    }
}
