package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.StoreException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras and their pictures: the list of cameras (also sent on the cameras page's stream),
 * one camera, taking an ended one off the list, its latest picture, and the long poll for its next
 * picture. All read the {@link LiveView}'s cache, never the store per request.
 */
final class CameraRoutes {

    /** Longest a picture request waits for a new picture before answering 204. */
    static final long MAX_FRAME_WAIT_MS = 10_000;
    static final long DEFAULT_FRAME_WAIT_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(CameraRoutes.class);

    private final LiveView live;
    private final HiddenCameras hidden;

    CameraRoutes(LiveView live, HiddenCameras hidden) {
        this.live = live;
        this.hidden = hidden;
    }

    /** The routes under {@code /api/cameras}; the cameras page's stream is wired by the server. */
    void register(Javalin app) {
        app.get("/api/cameras", this::cameras);
        app.get("/api/cameras/{id}", this::camera);
        app.get("/api/cameras/{id}/preview.jpg", this::previewJpeg);
        app.post("/api/cameras/{id}/remove", this::removeCamera);
        app.get("/api/cameras/{id}/frame", this::frame);
    }

    /** For the cameras page's stream: as {@code /api/cameras}, or a store error in the body. */
    String camerasBodySafely() {
        try {
            return camerasBody().toString();
        } catch (StoreException e) {
            ObjectNode n = ApiJson.MAPPER.createObjectNode();
            n.putArray("cameras");
            n.put("now", System.currentTimeMillis());
            n.put("store_error", e.getMessage());
            n.put("failed", true);
            return n.toString();
        }
    }

    // ------------------------------------------------------------------------------------------

    private void cameras(Context ctx) throws StoreException {
        ApiJson.respond(ctx, 200, camerasBody());
    }

    /** Every camera's state, figures and picture time (the body of {@code /api/cameras}). */
    private ObjectNode camerasBody() throws StoreException {
        long now = System.currentTimeMillis();
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        Map<String, Long> previewTimes = new TreeMap<>(live.pictureTimes());
        for (CameraState c : live.cameras()) {
            Long previewTs = previewTimes.remove(c.streamId());
            if (!hidden.hidden(c, now)) {
                list.add(ApiJson.camera(c, previewTs, now));
            }
        }
        // Cameras with a picture but no state yet (a job from before camera states) are listed too.
        // (Also a camera whose state is not in the cached states yet: hidden by the age of its picture.)
        for (Map.Entry<String, Long> e : previewTimes.entrySet()) {
            if (!hidden.hidden(ApiJson.unknownState(e.getKey(), e.getValue()), now)) {
                list.add(ApiJson.unknownCamera(e.getKey(), e.getValue()));
            }
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("cameras", list);
        n.put("now", now);
        if (live.storeError() != null) {
            n.put("store_error", live.storeError());
        }
        return n;
    }

    private void camera(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        Optional<CameraState> c = live.camera(id);
        if (c.isEmpty()) {
            ApiJson.respond(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        ApiJson.respond(ctx, 200, ApiJson.camera(c.get(), live.latest(id).map(LiveView.Frame::ts).orElse(null),
                System.currentTimeMillis()));
    }

    /** Takes an ended camera off the dashboard's list (409 for a running one); the store and the job keep it. */
    private void removeCamera(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        Optional<CameraState> c = live.camera(id);
        if (c.isEmpty()) {
            ApiJson.respond(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        try {
            hidden.remove(c.get(), System.currentTimeMillis());
        } catch (IllegalStateException e) {
            ApiJson.respond(ctx, 409, ApiJson.error(Redaction.redactAndTruncate(e.getMessage(), 300)));
            return;
        }
        LOG.info("Removed camera {} ({}) from the dashboard, for {}", Redaction.redactAndTruncate(id, 80),
                c.get().state(), ctx.ip());
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.put("ok", true);
        n.put("stream_id", id);
        ApiJson.respond(ctx, 200, n);
    }

    private void previewJpeg(Context ctx) throws StoreException {
        Optional<LiveView.Frame> f = live.latest(ctx.pathParam("id"));
        if (f.isEmpty()) {
            ApiJson.respond(ctx, 404, ApiJson.error("no picture of this camera yet"));
            return;
        }
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Frame-Ts", Long.toString(f.get().ts()));
        ctx.header("X-Frame-Seq", Long.toString(f.get().frameSeq()));
        ctx.contentType("image/jpeg").result(f.get().jpeg());
    }

    /**
     * The next picture newer than {@code after}: 200 with the picture's meta (JSON) and JPEG in one
     * body, or 204 when none came within {@code wait} ms. Held open without a thread.
     */
    private void frame(Context ctx) throws StoreException {
        String id = ctx.pathParam("id");
        long after = NumberParams.longParam(ctx, "after", -1);
        long wait = Math.max(0, Math.min(MAX_FRAME_WAIT_MS, NumberParams.longParam(ctx, "wait", DEFAULT_FRAME_WAIT_MS)));
        if (!live.knows(id)) {
            ApiJson.respond(ctx, 404, ApiJson.error("no camera '" + Redaction.redactAndTruncate(id, 40) + "' in the store"));
            return;
        }
        // JPEG bytes do not compress: gzip would only cost CPU on every picture.
        ctx.disableCompression();
        ctx.future(() -> live.next(id, after, wait).thenAccept(f -> {
            ctx.header("Cache-Control", "no-store");
            if (f.isEmpty()) {
                ctx.status(204);
            } else {
                ctx.contentType("application/octet-stream").result(f.get().framed());
            }
        }));
    }
}
