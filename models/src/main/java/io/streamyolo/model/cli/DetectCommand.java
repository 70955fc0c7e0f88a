package io.streamyolo.model.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamyolo.model.BgrFrame;
import io.streamyolo.model.Detection;
import io.streamyolo.model.DetectionJson;
import io.streamyolo.model.DetectorConfig;
import io.streamyolo.model.DetectorException;
import io.streamyolo.model.Engines;
import io.streamyolo.model.ModelFamily;
import io.streamyolo.model.YoloDetector;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.imageio.ImageIO;
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

    private static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");
    static final String USAGE = String.join("\n",
            "Usage: detect --model FILE [options] INPUT...",
            "  INPUT            image files (" + String.join(", ", new TreeSet<>(IMAGE_EXTENSIONS)) + ") and video files",
            "                   (any other file: anything FFmpeg reads)",
            "  --model FILE     YOLO model: TorchScript or ONNX of Ultralytics' YOLOv8/YOLO11, or ONNX of YOLOX;",
            "                   ONNX when it ends in .onnx ('yolo export format=onnx dynamic=True'), else",
            "                   TorchScript ('yolo export format=torchscript')",
            "  --model-type T   " + ModelFamily.acceptedValues().replace(", ", "|") + ": the model's family"
                    + " (default auto: from the",
            "                   model's metadata, else its output's shape); ultralytics: YOLOv8/YOLO11 exports,",
            "                   yolox: YOLOX exports (tools/export_onnx.py), with or without the decode inside",
            "  --labels FILE    class names, one per line (default: the model's metadata)",
            "  --out DIR        where annotated images and detections.jsonl go (default: detect-out)",
            "  --conf X         confidence threshold (default " + DetectorConfig.DEFAULT_CONFIDENCE + ")",
            "  --iou X          NMS IoU threshold (default " + DetectorConfig.DEFAULT_IOU + ")",
            "  --classes LIST   class ids to keep, e.g. 0,2 (default: all)",
            "  --imgsz N        input size overriding the model's metadata, a multiple of 32",
            "  --device NAME    cpu (default) or gpu:N",
            "  --batch N        frames per forward pass (default 1)",
            "  --every N        for a video, write every Nth annotated frame (default 30)",
            "  --max-frames N   for a video, stop after N frames (default: all)",
            "  --help           this help");

    private DetectCommand() {}

    public static void main(String[] args) {
        Engines.configure();
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("detect: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        } catch (DetectorException | IOException e) {
            System.err.println("detect: " + e.getMessage());
            System.exit(1);
        }
    }

    static int run(String[] args) throws DetectorException, IOException {
        DetectorConfig.Builder config = DetectorConfig.builder();
        Path out = Path.of("detect-out");
        int batch = 1;
        int every = 30;
        long maxFrames = Long.MAX_VALUE;
        boolean hasModel = false;
        List<Path> inputs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                inputs.add(Path.of(arg));
                continue;
            }
            if (arg.equals("--help")) {
                System.out.println(USAGE);
                return 0;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + arg);
            }
            String value = args[++i];
            switch (arg) {
                case "--model" -> {
                    config.setModelPath(Path.of(value));
                    hasModel = true;
                }
                case "--model-type" -> config.optModelFamily(value);
                case "--labels" -> config.optLabelsPath(Path.of(value));
                case "--out" -> out = Path.of(value);
                case "--conf" -> config.optConfidenceThreshold(Float.parseFloat(value));
                case "--iou" -> config.optIouThreshold(Float.parseFloat(value));
                case "--classes" -> config.optClassFilter(parseClasses(value));
                case "--imgsz" -> config.optInputSize(Integer.parseInt(value));
                case "--device" -> config.optDevice(value);
                case "--batch" -> batch = Math.max(1, Integer.parseInt(value));
                case "--every" -> every = Math.max(1, Integer.parseInt(value));
                case "--max-frames" -> maxFrames = Long.parseLong(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (!hasModel) {
            throw new IllegalArgumentException("--model is required");
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("no input files given");
        }
        for (Path input : inputs) {
            if (!Files.isRegularFile(input)) {
                throw new IllegalArgumentException("input file not found: " + input);
            }
        }
        Files.createDirectories(out);
        try (YoloDetector detector = YoloDetector.load(config.build());
                BufferedWriter jsonl = Files.newBufferedWriter(out.resolve("detections.jsonl"), StandardCharsets.UTF_8)) {
            Annotator annotator = new Annotator(detector, out);
            int objects = 0;
            List<Path> images = inputs.stream().filter(DetectCommand::isImage).toList();
            for (int start = 0; start < images.size(); start += batch) {
                List<Path> chunk = images.subList(start, Math.min(images.size(), start + batch));
                List<BufferedImage> decoded = new ArrayList<>();
                List<BgrFrame> frames = new ArrayList<>();
                for (Path image : chunk) {
                    BufferedImage bgr = readBgr(image);
                    decoded.add(bgr);
                    frames.add(BgrFrame.of(pixels(bgr), bgr.getWidth(), bgr.getHeight()));
                }
                List<List<Detection>> results = detector.detect(frames);
                for (int i = 0; i < chunk.size(); i++) {
                    String name = chunk.get(i).getFileName().toString();
                    writeLine(jsonl, detector, name, 0, -1, frames.get(i), results.get(i));
                    annotator.write(decoded.get(i), results.get(i), stem(name) + "-det.jpg");
                    objects += results.get(i).size();
                }
            }
            for (Path video : inputs.stream().filter(p -> !isImage(p)).toList()) {
                objects += detectVideo(detector, annotator, jsonl, video, batch, every, maxFrames);
            }
            System.out.printf(Locale.ROOT, "%d objects; annotated images and detections.jsonl in %s%n",
                    objects, out.toAbsolutePath());
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------

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
                annotator.write(toImage(frames.get(i)), results.get(i), String.format(Locale.ROOT, "%s-%06d.jpg", stem(name), index));
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

    static Set<Integer> parseClasses(String value) {
        Set<Integer> ids = new HashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                ids.add(Integer.parseInt(part.strip()));
            }
        }
        return ids;
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static BufferedImage readBgr(Path path) throws IOException {
        BufferedImage image = ImageIO.read(path.toFile());
        if (image == null) {
            throw new IOException("not a readable image: " + path);
        }
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = bgr.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return bgr;
    }

    private static byte[] pixels(BufferedImage bgr) {
        return ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
    }

    private static BufferedImage toImage(BgrFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = pixels(image);
        int row = frame.width() * 3;
        for (int y = 0; y < frame.height(); y++) {
            frame.pixels().get(y * frame.rowStride(), dst, y * row, row);
        }
        return image;
    }

    /** Draws boxes and labels, one colour per class, and writes the image as JPEG. */
    private static final class Annotator {
        private final YoloDetector detector;
        private final Path out;

        Annotator(YoloDetector detector, Path out) {
            this.detector = detector;
            this.out = out;
        }

        void write(BufferedImage image, List<Detection> detections, String fileName) throws IOException {
            Graphics2D g = image.createGraphics();
            int thickness = Math.max(2, image.getWidth() / 400);
            g.setStroke(new BasicStroke(thickness));
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, image.getWidth() / 70)));
            for (Detection d : detections) {
                Color color = Color.getHSBColor((d.classId() * 0.618034f) % 1f, 0.85f, 1f);
                g.setColor(color);
                g.drawRect(Math.round(d.x1()), Math.round(d.y1()), Math.round(d.x2() - d.x1()), Math.round(d.y2() - d.y1()));
                String label = String.format(Locale.ROOT, "%s %.2f", detector.className(d.classId()), d.confidence());
                int textHeight = g.getFontMetrics().getHeight();
                int textWidth = g.getFontMetrics().stringWidth(label);
                int top = Math.max(0, Math.round(d.y1()) - textHeight);
                g.fillRect(Math.round(d.x1()), top, textWidth + 6, textHeight);
                g.setColor(Color.BLACK);
                g.drawString(label, Math.round(d.x1()) + 3, top + g.getFontMetrics().getAscent());
            }
            g.dispose();
            ImageIO.write(image, "jpg", out.resolve(fileName).toFile());
        }
    }
}
