package io.streamyolo.source.record;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_clone;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_error_string;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * One MP4 file being written from a camera's packets as they came (remuxed: nothing is decoded or
 * encoded). It is written under a hidden temporary name ({@code .NAME.part}) and renamed when
 * complete, so that no reader ever sees half a file; a TaskManager killed while writing leaves
 * only the temporary file, which the next recorder of the camera deletes and reports.
 * Decoder thread only.
 */
final class Mp4ClipFile {

    static final String PART_SUFFIX = ".part";
    /**
     * The temporary files being written in this JVM (by any camera's recorder): never a killed
     * TaskManager's leftovers, however long their writer waits for detection to decide on its
     * packets.
     */
    private static final Set<Path> OPEN = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path part;
    private final AVRational inTimeBase;
    private AVFormatContext out;
    private AVStream stream;
    private long firstDts = AV_NOPTS_VALUE;
    private long lastDts = AV_NOPTS_VALUE;
    final long startMillis;
    long endMillis;

    /**
     * Creates the temporary file and writes the MP4 header.
     *
     * @param codec the camera stream's codec parameters (its extradata: SPS and PPS)
     * @param timeBase the camera stream's time base, that of the packets' timestamps
     * @throws IOException when the directory or the file cannot be written, naming it
     */
    Mp4ClipFile(Path file, AVCodecParameters codec, AVRational timeBase, long startMillis) throws IOException {
        this.file = file;
        this.part = file.resolveSibling("." + file.getFileName() + PART_SUFFIX);
        this.inTimeBase = timeBase;
        this.startMillis = startMillis;
        this.endMillis = startMillis;
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new IOException("cannot create " + file.getParent() + ": " + e, e);
        }
        OPEN.add(part);
        out = new AVFormatContext(null);
        try {
            check(avformat_alloc_output_context2(out, null, "mp4", part.toString()), "setting up an MP4 for " + part);
            stream = avformat_new_stream(out, null);
            check(avcodec_parameters_copy(stream.codecpar(), codec), "copying the codec parameters");
        } catch (IOException e) {
            abandon();
            throw e;
        }
        stream.codecpar().codec_tag(0); // the MP4 muxer picks its own (avc1, hev1)
        stream.time_base(timeBase);
        AVIOContext pb = new AVIOContext(null);
        int opened = avio_open(pb, part.toString(), AVIO_FLAG_WRITE);
        if (opened < 0) {
            abandon();
            throw new IOException("cannot write " + part + ": " + error(opened));
        }
        out.pb(pb);
        AVDictionary options = new AVDictionary(null);
        // The index first: a browser plays the file before it has read it all.
        av_dict_set(options, "movflags", "+faststart", 0);
        int header = avformat_write_header(out, options);
        av_dict_free(options);
        if (header < 0) {
            abandon();
            throw new IOException("cannot write an MP4 header to " + part + ": " + error(header));
        }
    }

    /** Writes a packet, its timestamps moved so that the file starts at 0. */
    void write(EncodedPacket p) throws IOException {
        AVPacket copy = av_packet_clone(p.packet());
        try {
            long dts = copy.dts() != AV_NOPTS_VALUE ? copy.dts() : copy.pts();
            if (dts == AV_NOPTS_VALUE) {
                return; // no time to place it at (the recorder takes only dated packets)
            }
            if (firstDts == AV_NOPTS_VALUE) {
                firstDts = dts;
            }
            if (lastDts != AV_NOPTS_VALUE && dts <= lastDts) {
                return; // a camera's clock stepping back: the muxer would refuse the file
            }
            lastDts = dts;
            copy.dts(dts - firstDts);
            copy.pts((copy.pts() != AV_NOPTS_VALUE ? copy.pts() : dts) - firstDts);
            copy.stream_index(0);
            copy.pos(-1);
            av_packet_rescale_ts(copy, inTimeBase, stream.time_base());
            int ret = av_interleaved_write_frame(out, copy);
            if (ret < 0) {
                throw new IOException("cannot write to " + part + ": " + error(ret));
            }
            endMillis = p.wallMillis;
        } finally {
            av_packet_free(copy);
        }
    }

    /**
     * Writes the index and renames the file to its final name.
     *
     * @return the complete file
     */
    Path finish() throws IOException {
        int ret = av_write_trailer(out);
        closeOutput();
        if (ret < 0) {
            Files.deleteIfExists(part);
            throw new IOException("cannot finish " + part + ": " + error(ret));
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /** Closes and deletes the temporary file: the clip is not kept. */
    void abandon() {
        closeOutput();
        try {
            Files.deleteIfExists(part);
        } catch (IOException e) {
            // Left as a hidden .part file: the next recorder of the camera deletes it.
        }
    }

    Path file() {
        return file;
    }

    /** Whether a recorder in this JVM is writing the temporary file. */
    static boolean isOpen(Path part) {
        return OPEN.contains(part);
    }

    private void closeOutput() {
        OPEN.remove(part);
        if (out != null && !out.isNull()) {
            if (out.pb() != null && !out.pb().isNull()) {
                avio_closep(out.pb());
                out.pb(null);
            }
            avformat_free_context(out);
            out = null;
        }
    }

    private static void check(int ret, String what) throws IOException {
        if (ret < 0) {
            throw new IOException(what + " failed: " + error(ret));
        }
    }

    static String error(int ret) {
        try (BytePointer buffer = new BytePointer(256)) {
            return av_make_error_string(buffer, 256, ret).getString();
        }
    }
}
