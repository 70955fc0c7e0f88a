package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;

import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * One compressed video packet as the camera sent it, held by reference (FFmpeg counts the
 * references to its data: keeping it copies nothing), with the wall-clock time it was read.
 * Freed by {@link #free()} once no clip needs it. Decoder thread only.
 */
final class EncodedPacket {

    private AVPacket packet;
    final long wallMillis;
    final boolean key;
    final int size;

    private EncodedPacket(AVPacket packet, long wallMillis) {
        this.packet = packet;
        this.wallMillis = wallMillis;
        this.key = (packet.flags() & AV_PKT_FLAG_KEY) != 0;
        this.size = packet.size();
    }

    /** A new reference to the packet's data (the caller keeps its own). */
    static EncodedPacket of(AVPacket read, long wallMillis) {
        AVPacket clone = av_packet_clone(read);
        if (clone == null) {
            throw new OutOfMemoryError("FFmpeg could not reference a packet");
        }
        return new EncodedPacket(clone, wallMillis);
    }

    /** Another reference to the same data, freed on its own. */
    EncodedPacket copy() {
        return of(packet, wallMillis);
    }

    AVPacket packet() {
        return packet;
    }

    void free() {
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
    }
}
