package io.streamyolo.scene;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * SyntheticScene must keep rendering exactly what it rendered when the shipped shapes model was
 * trained and the tests' videos were made. The digests (pixels, then ground truth as text) were
 * taken with the code before TrackingScene shared its helpers, on OpenJDK 17.0.15; a JDK whose
 * Java2D anti-aliasing differs could change pixels without any change of ours.
 */
class SyntheticSceneUnchangedTest {

    private static String digest(SyntheticScene scene, int frame) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(scene.render(frame));
        md.update(scene.groundTruth(frame).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void testFramesAreBitIdenticalToBefore() throws Exception {
        assertThat(digest(new SyntheticScene(7, 640, 360), 0))
                .isEqualTo("79f57167504ade6ae8de48aabc12d8cc5324a48f808c24dd5aebf9c35ef518b9");
        assertThat(digest(new SyntheticScene(7, 640, 360), 12))
                .isEqualTo("e6c59a92bf45fd562d75c343774c6a4ecd64e3d9fe742f5a515ef23fe71a2e56");
        assertThat(digest(new SyntheticScene(3, 640, 360, 5), 100))
                .isEqualTo("ce850be7996283672b07e4b3cb87228db9e3fe5b452167571bcfff4d742aa725");
        assertThat(digest(new SyntheticScene(11, 1280, 720, 8), 57))
                .isEqualTo("3fabe9f05631962d11285c4d0060ae01c7b30b8e0640ecc555acd1c8a5bc9e91");
        assertThat(digest(new SyntheticScene(123456, 960, 540), 3))
                .isEqualTo("d2ba74e7a2a33afc2e43b6eab81128d406df4889d6352d44763fbd8bd68da87d");
    }

    @Test
    void testRandomScenesAreBitIdenticalToBefore() throws Exception {
        assertThat(digest(SyntheticScene.random(0), 0))
                .isEqualTo("6826144d49f3d9ba14f9c86273bd4a88e2142e7ffc00a986ac9ee0e79593c976");
        assertThat(digest(SyntheticScene.random(42), 0))
                .isEqualTo("5a9a02d45cb7118827917f404039f5088eb9e6c9f125d74c58cc088a303efbd6");
        assertThat(digest(SyntheticScene.random(500_001), 0))
                .isEqualTo("e7b2ff5b9a6023644172fd7f8f020e0f6a2092a35f498acbe53e25408201a1a7");
    }

    @Test
    void testVideoFileNameIsUnchanged() {
        assertThat(new SyntheticScene(118, 640, 360, 4).name()).isEqualTo("scene-118-640x360-4obj");
    }
}
