package io.streamyolo.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The family of a detection model, which sets its input pre-processing and output layout: {@code
 * ULTRALYTICS} (YOLOv8/YOLO11 exports: RGB in [0, 1], centred letterbox, output (B, 4 + nc, N)),
 * {@code YOLOX} (Megvii's YOLOX: BGR 0-255, image at the top-left padded at the bottom and right,
 * output (B, N, 5 + nc)), or {@code AUTO}: told from the model file's metadata, else from its
 * output's shape. The names in configuration and on command lines are the lower-case ones.
 */
public enum ModelFamily {
    AUTO,
    ULTRALYTICS,
    YOLOX;

    /** The name used in configuration: {@code auto}, {@code ultralytics}, {@code yolox}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The family named by {@code value} (case-insensitive, surrounding blanks ignored).
     *
     * @throws IllegalArgumentException listing the accepted values, for any other value
     */
    public static ModelFamily parse(String value) {
        if (value != null) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            for (ModelFamily family : values()) {
                if (family.configName().equals(v)) {
                    return family;
                }
            }
        }
        throw new IllegalArgumentException("Unknown model type '" + value + "': expected one of " + acceptedValues());
    }

    /** "auto, ultralytics, yolox": for messages and usage texts. */
    public static String acceptedValues() {
        return Arrays.stream(values()).map(ModelFamily::configName).collect(Collectors.joining(", "));
    }
}
