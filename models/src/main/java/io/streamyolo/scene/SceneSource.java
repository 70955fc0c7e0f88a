package io.streamyolo.scene;

import java.util.Locale;

/**
 * A synthetic camera that can render any frame on its own: a pure function of its seed and the
 * frame index, so that a video of it ({@link SceneVideo}) and its ground truth always agree.
 */
public interface SceneSource {

    long seed();

    int width();

    int height();

    /** How many objects the scene shows over its whole length. */
    int objectCount();

    /** Renders one frame as packed BGR24 ({@code width * height * 3} bytes, no row padding). */
    byte[] render(int frameIndex);

    /**
     * A file-name stem that tells scenes apart: {@link SceneVideo} caches videos under it, so two
     * scenes that render differently must not share it.
     */
    default String name() {
        return String.format(Locale.ROOT, "scene-%d-%dx%d-%dobj", seed(), width(), height(), objectCount());
    }
}
