package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avutil.av_mallocz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.javacpp.BytePointer;

/**
 * A stream's parameter sets (H.264 SPS and PPS, HEVC VPS, SPS and PPS) taken from a keyframe, for
 * cameras that send them only in-band: their RTSP description names none, FFmpeg then leaves the
 * stream's extradata empty, and an MP4 needs them in its header (without, players decode nothing:
 * measured on the shop clip looped as an HEVC camera, 0 frames).
 */
final class ParameterSets {

    private ParameterSets() {}

    /**
     * Fills the codec parameters' empty extradata with the packet's parameter sets, in Annex B
     * form (the MP4 muxer converts them). Does nothing when extradata is already there.
     *
     * @return whether the parameters now have extradata
     */
    static boolean fillFrom(AVCodecParameters codec, EncodedPacket key) {
        if (codec.extradata_size() > 0) {
            return true;
        }
        ByteBuffer data = key.packet().data().capacity(key.size).asByteBuffer();
        byte[] sets = extract(data, codec.codec_id());
        if (sets.length == 0) {
            return false;
        }
        BytePointer extradata = new BytePointer(av_mallocz(sets.length + AV_INPUT_BUFFER_PADDING_SIZE)).capacity(sets.length);
        extradata.put(sets);
        codec.extradata(extradata);
        codec.extradata_size(sets.length);
        return true;
    }

    /** The parameter-set NAL units of an Annex B packet, each after a 4-byte start code. */
    static byte[] extract(ByteBuffer data, int codecId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = data.limit();
        int start = nextUnit(data, 0);
        while (start >= 0 && start < n) {
            int next = nextUnit(data, start);
            int end = next < 0 ? n : startCodeBegin(data, next);
            if (isParameterSet(data.get(start), codecId)) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(1);
                for (int i = start; i < end; i++) {
                    out.write(data.get(i));
                }
            }
            start = next;
        }
        return out.toByteArray();
    }

    private static boolean isParameterSet(byte header, int codecId) {
        if (codecId == AV_CODEC_ID_H264) {
            int type = header & 0x1F;
            return type == 7 || type == 8;
        }
        if (codecId == AV_CODEC_ID_HEVC) {
            int type = (header >> 1) & 0x3F;
            return type >= 32 && type <= 34;
        }
        return false;
    }

    /** The index just after the next 00 00 01 start code at or after {@code from}, or -1. */
    private static int nextUnit(ByteBuffer data, int from) {
        for (int i = from; i + 2 < data.limit(); i++) {
            if (data.get(i) == 0 && data.get(i + 1) == 0 && data.get(i + 2) == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** Where the start code that ends at {@code unit} begins (3 or 4 bytes, trailing zeros dropped). */
    private static int startCodeBegin(ByteBuffer data, int unit) {
        int i = unit - 3;
        while (i > 0 && data.get(i - 1) == 0) {
            i--;
        }
        return i;
    }
}
