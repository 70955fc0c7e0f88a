package io.streamyolo.model.preprocess;

/**
 * How a model family wants its input: channel order, value range and where the resized frame
 * sits in the padded input. A model sees what it was trained on only with its own.
 */
public enum Preprocessing {
    /** Ultralytics' {@code LetterBox}: planar RGB in [0, 1], frame centred, grey 114 padding split evenly. */
    ULTRALYTICS(true, 255f, true),
    /** YOLOX's {@code preproc}: planar BGR in 0-255, frame at the top-left, 114 padding at the bottom and right. */
    YOLOX(false, 1f, false);

    private final boolean rgb;
    private final float divisor;
    private final boolean centred;

    Preprocessing(boolean rgb, float divisor, boolean centred) {
        this.rgb = rgb;
        this.divisor = divisor;
        this.centred = centred;
    }

    /** Whether plane 0 is red (else blue, in the frame's BGR order). */
    public boolean rgb() {
        return rgb;
    }

    /** A pixel value 0-255 is divided by this. */
    public float divisor() {
        return divisor;
    }

    /** Whether the padding is split on both sides (else it is all at the bottom and right). */
    public boolean centred() {
        return centred;
    }
}
