package io.streamyolo.source.reader;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.ByteBuffer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes one video stream's compressed packets into packed BGR24 pictures, with a decoder of its
 * own.
 *
 * <p>The decoder thread reads each packet once ({@code FFmpegFrameGrabber.grabPacket()}): the
 * recorder keeps it as it came, and this class decodes it. JavaCV's grabber decodes only the
 * packets it reads itself, so reading packets for recording and frames for detection through it
 * would take a second connection to the camera, which many cameras refuse.
 *
 * <p>Every packet is decoded (later pictures refer to earlier ones), but only the pictures the
 * caller keeps are converted to BGR ({@link #convert()}): a picture the frame-rate cap drops costs
 * no colour conversion. Decoder thread only.
 */
final class PacketDecoder implements AutoCloseable {

    private final AVCodecContext context;
    private final AVFrame picture = av_frame_alloc();
    private final long timeBaseNum;
    private final long timeBaseDen;
    private SwsContext scaler;
    private BytePointer bgr;
    private int bgrWidth;
    private int bgrHeight;

    /**
     * Opens a decoder for the stream's codec, with one thread (about 10 % less CPU per frame than
     * FFmpeg's 'auto' with many streams).
     *
     * @throws IllegalStateException when FFmpeg has no decoder for the codec or cannot open it
     */
    PacketDecoder(AVStream stream) {
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new IllegalStateException("no FFmpeg decoder for codec id " + stream.codecpar().codec_id());
        }
        context = avcodec_alloc_context3(codec);
        AVDictionary options = new AVDictionary(null);
        try {
            check(avcodec_parameters_to_context(context, stream.codecpar()), "copying the stream's codec parameters");
            context.pkt_timebase(stream.time_base());
            av_dict_set(options, "threads", "1", 0);
            check(avcodec_open2(context, codec, options), "opening the " + codec.name().getString() + " decoder");
        } catch (RuntimeException e) {
            av_dict_free(options);
            close();
            throw e;
        }
        av_dict_free(options);
        timeBaseNum = stream.time_base().num();
        timeBaseDen = stream.time_base().den();
    }

    /**
     * Hands the decoder a packet, or null at the stream's end (the decoder then gives out the
     * pictures it holds); {@link #receive()} then yields the pictures it completed.
     */
    void send(AVPacket packet) {
        // A damaged packet (lost RTP packets) fails alone, and the next keyframe repairs the
        // picture: its error is not the stream's end. EAGAIN cannot happen, as every send is
        // followed by receiving until the decoder has nothing more.
        avcodec_send_packet(context, packet);
    }

    /** Whether a decoded picture is ready (then {@link #convert()} and {@link #ptsMicros()} read it). */
    boolean receive() {
        av_frame_unref(picture);
        return avcodec_receive_frame(context, picture) == 0;
    }

    int width() {
        return picture.width();
    }

    int height() {
        return picture.height();
    }

    /** The received picture's presentation time in microseconds (its best-effort timestamp). */
    long ptsMicros() {
        long ts = picture.best_effort_timestamp();
        return ts == AV_NOPTS_VALUE ? 0 : ts * 1_000_000L * timeBaseNum / timeBaseDen;
    }

    /**
     * Converts the received picture to packed BGR24 (stride {@code width * 3}), into a buffer this
     * decoder reuses: valid until the next call.
     */
    ByteBuffer convert() {
        int w = picture.width();
        int h = picture.height();
        if (bgr == null || w != bgrWidth || h != bgrHeight) {
            if (bgr != null) {
                bgr.close();
            }
            bgr = new BytePointer((long) w * h * 3);
            bgrWidth = w;
            bgrHeight = h;
        }
        scaler = sws_getCachedContext(scaler, w, h, picture.format(), w, h, AV_PIX_FMT_BGR24, SWS_BILINEAR, null, null,
                (DoublePointer) null);
        if (scaler == null) {
            throw new IllegalStateException("FFmpeg cannot convert pixel format " + picture.format() + " to BGR24");
        }
        // sws_scale reads four plane pointers and strides, whatever the format uses.
        try (PointerPointer<BytePointer> dst = new PointerPointer<>(4);
                IntPointer dstStride = new IntPointer(new int[] {w * 3, 0, 0, 0})) {
            dst.put(0, bgr);
            sws_scale(scaler, picture.data(), picture.linesize(), 0, h, dst, dstStride);
        }
        return bgr.position(0).limit((long) w * h * 3).asByteBuffer();
    }

    @Override
    public void close() {
        av_frame_free(picture);
        if (context != null) {
            avcodec_free_context(context);
        }
        if (scaler != null) {
            sws_freeContext(scaler);
            scaler = null;
        }
        if (bgr != null) {
            bgr.close();
            bgr = null;
        }
    }

    private static void check(int ret, String what) {
        if (ret < 0) {
            throw new IllegalStateException(what + " failed (FFmpeg error " + ret + ")");
        }
    }
}
