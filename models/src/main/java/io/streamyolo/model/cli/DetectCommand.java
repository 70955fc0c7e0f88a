package io.streamyolo.model.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectionJson;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.Engines;
import io.streamyolo.model.YoloDetector;
import java.awt.image.BufferedImage;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;

/**
 * {@code detect}: runs a model on image files or a video file, writes annotated images and the
 * detections as JSON lines. The quickest check that a model export works before wiring cameras.
 *
 * <pre>
 * bin/detect --model yolo11n.torchscript --out out/ street.jpg parking.png
 * bin/detect --model models/files/shapes-yolo-320.torchscript --every 15 --out out/ clip.mp4
 * bin/detect --model models/files/shapes-yolo-320.onnx --out out/ street.jpg
 * bin/detect --model models/files/yolox-nano-coco-416.onnx --classes 0 --out out/ shop.jpg
 * </pre>
 */
public final class DetectCommand {

    /** The help, generated from {@link DetectOptions}' annotations. */
    static final String USAGE = DetectOptions.USAGE;

    private DetectCommand() {}

    public static void main(String[] args) {
        Engines.configure();
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("detect: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (DetectorException | IOException e) {
            System.err.println("detect: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Runs the command; returns the exit code.
     *
     * @throws IllegalArgumentException for bad arguments, naming them
     */
    static int run(String[] args) throws DetectorException, IOException {
        DetectOptions o = DetectOptions.parse(args);
        if (o == null) {
            System.out.print(USAGE);
            return 0;
        }
        return run(o);
    }

    // ------------------------------------------------------------------------------------------

    private static int run(DetectOptions o) throws DetectorException, IOException {
        DetectorConfig config = o.detectorConfig();
        Path out = o.out;
        int batch = o.batch;
        List<Path> inputs = o.inputs;
        Files.createDirectories(out);
        try (YoloDetector detector = YoloDetector.load(config);
                BufferedWriter jsonl = Files.newBufferedWriter(out.resolve("detections.jsonl"), StandardCharsets.UTF_8)) {
            Annotator annotator = new Annotator(detector, out);
            int objects = 0;
            List<Path> images = inputs.stream().filter(DetectOptions::isImage).toList();
            for (int start = 0; start < images.size(); start += batch) {
                List<Path> chunk = images.subList(start, Math.min(images.size(), start + batch));
                List<BufferedImage> decoded = new ArrayList<>();
                List<BgrFrame> frames = new ArrayList<>();
                for (Path image : chunk) {
                    BufferedImage bgr = Annotator.readBgr(image);
                    decoded.add(bgr);
                    frames.add(BgrFrame.of(Annotator.pixels(bgr), bgr.getWidth(), bgr.getHeight()));
                }
                List<List<Detection>> results = detector.detect(frames);
                for (int i = 0; i < chunk.size(); i++) {
                    String name = chunk.get(i).getFileName().toString();
                    writeLine(jsonl, detector, name, 0, -1, frames.get(i), results.get(i));
                    annotator.write(decoded.get(i), results.get(i), stem(name) + "-det.jpg");
                    objects += results.get(i).size();
                }
            }
            for (Path video : inputs.stream().filter(p -> !DetectOptions.isImage(p)).toList()) {
                objects += detectVideo(detector, annotator, jsonl, video, batch, o.every, o.maxFrames);
            }
            System.out.printf(Locale.ROOT, "%d objects; annotated images and detections.jsonl in %s%n",
                    objects, out.toAbsolutePath());
        }
        return 0;
    }

    private static int detectVideo(YoloDetector detector, Annotator annotator, BufferedWriter jsonl, Path video,
            int batch, int every, long maxFrames) throws IOException, DetectorException {
        int objects = 0;
        String name = video.getFileName().toString();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            List<BgrFrame> frames = new ArrayList<>();
            List<long[]> indexAndPts = new ArrayList<>();
            long index = 0;
            Frame frame;
            while (index < maxFrames && (frame = grabber.grabImage()) != null) {
                // Copy: the grabber reuses its frame buffer on the next grab.
                ByteBuffer source = (ByteBuffer) frame.image[0];
                byte[] copy = new byte[frame.imageHeight * frame.imageStride];
                source.duplicate().position(0).get(copy, 0, Math.min(copy.length, source.capacity()));
                frames.add(new BgrFrame(ByteBuffer.wrap(copy), frame.imageWidth, frame.imageHeight, frame.imageStride));
                indexAndPts.add(new long[] {index++, frame.timestamp / 1000});
                if (frames.size() == batch) {
                    objects += flushVideo(detector, annotator, jsonl, name, frames, indexAndPts, every);
                }
            }
            objects += flushVideo(detector, annotator, jsonl, name, frames, indexAndPts, every);
        }
        return objects;
    }

    private static int flushVideo(YoloDetector detector, Annotator annotator, BufferedWriter jsonl, String name,
            List<BgrFrame> frames, List<long[]> indexAndPts, int every) throws IOException, DetectorException {
        int objects = 0;
        List<List<Detection>> results = detector.detect(frames);
        for (int i = 0; i < frames.size(); i++) {
            long index = indexAndPts.get(i)[0];
            writeLine(jsonl, detector, name, index, indexAndPts.get(i)[1], frames.get(i), results.get(i));
            if (index % every == 0) {
                annotator.write(Annotator.toImage(frames.get(i)), results.get(i), String.format(Locale.ROOT, "%s-%06d.jpg", stem(name), index));
            }
            objects += results.get(i).size();
        }
        frames.clear();
        indexAndPts.clear();
        return objects;
    }

    private static void writeLine(BufferedWriter jsonl, YoloDetector detector, String source, long frameIndex,
            long ptsMillis, BgrFrame frame, List<Detection> detections) throws IOException {
        ObjectNode line = DetectionJson.newObject();
        line.put("source", source);
        line.put("frame", frameIndex);
        if (ptsMillis >= 0) {
            line.put("pts_ms", ptsMillis);
        }
        line.put("width", frame.width());
        line.put("height", frame.height());
        DetectionJson.put(line, detections, detector.metadata());
        jsonl.write(line.toString());
        jsonl.newLine();
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
