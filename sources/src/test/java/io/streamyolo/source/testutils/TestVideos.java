package io.streamyolo.source.testutils;

import io.streamyolo.scene.SceneVideo;
import io.streamyolo.scene.SyntheticScene;
import java.nio.file.Path;

/** Test videos of synthetic scenes (see {@link SceneVideo}), cached by name in the build directory. */
public final class TestVideos {

    private TestVideos() {}

    /** A video of {@code scene}, {@code frames} frames at {@code fps}; frame i shows {@code scene.render(i)}. */
    public static Path write(SyntheticScene scene, int frames, int fps, Path dir) throws Exception {
        return SceneVideo.write(scene, frames, fps, dir);
    }
}
