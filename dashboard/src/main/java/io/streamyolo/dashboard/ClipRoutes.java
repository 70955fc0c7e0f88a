package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.streamyolo.control.redact.Redaction;
import io.streamyolo.store.EventRow;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredClip;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorded clips and segments: a camera's recordings newest first, the clips that show an
 * event, and each MP4 file by clip id with byte ranges (so that a {@code <video>} can seek).
 *
 * <p>A file is found by the clip's row in the store, never by a path in the request: the job wrote
 * the path, and a request can only name a row id. The routes sit behind the server's guard like
 * every other route (token, Host, headers).
 */
final class ClipRoutes {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 200;
    private static final int COPY_BUFFER = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ClipRoutes.class);

    private final EventStore reader;

    ClipRoutes(EventStore reader) {
        this.reader = reader;
    }

    void register(Javalin app) {
        app.get("/api/cameras/{id}/clips", this::cameraClips);
        app.get("/api/events/{id}/clips", this::eventClips);
        app.get("/api/clips/{id}.mp4", this::file);
    }

    /** A camera's clips and segments, newest first, a page at a time ({@code more}: an older page exists). */
    private void cameraClips(Context ctx) throws StoreException {
        String kind = ctx.queryParam("kind");
        if (kind != null && !kind.isBlank() && !kind.equals(StoredClip.KIND_EVENT) && !kind.equals(StoredClip.KIND_SEGMENT)) {
            throw new IllegalArgumentException("kind must be event or segment");
        }
        long limit = NumberParams.longParam(ctx, "limit", DEFAULT_LIMIT);
        long offset = NumberParams.longParam(ctx, "offset", 0);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_LIMIT);
        }
        if (offset < 0 || offset > EventFilter.MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be from 0 to " + EventFilter.MAX_OFFSET);
        }
        long since = NumberParams.longParam(ctx, "since", 0);
        long until = NumberParams.longParam(ctx, "until", Long.MAX_VALUE);
        // One more than asked: whether there is an older page, without counting them all.
        List<StoredClip> clips = reader.clips().ofCamera(ctx.pathParam("id"), kind == null || kind.isBlank() ? null : kind,
                since, until, (int) limit + 1, (int) offset);
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("clips", list(clips.subList(0, Math.min(clips.size(), (int) limit))));
        n.put("offset", offset);
        n.put("limit", limit);
        n.put("more", clips.size() > limit);
        ApiJson.respond(ctx, 200, n);
    }

    /** The event and the clips that show it: event clips first, then segments, by start. */
    private void eventClips(Context ctx) throws StoreException {
        long id = NumberParams.parseLong(ctx.pathParam("id"), -1);
        Optional<EventRow> row = id < 0 ? Optional.empty() : reader.event(id);
        if (row.isEmpty()) {
            ApiJson.respond(ctx, 404, ApiJson.error("no event " + id + " in the store"));
            return;
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("event", ApiJson.event(row.get()));
        n.set("clips", list(reader.clips().covering(row.get().event())));
        ApiJson.respond(ctx, 200, n);
    }

    /**
     * The clip's MP4: 200 with the whole file, or 206 with the range asked for; 416 for a range past
     * its end; 404 when the store has no such clip or its file is gone. {@code ?download=1} makes
     * the browser save it rather than show it.
     */
    private void file(Context ctx) throws StoreException {
        long id = NumberParams.parseLong(ctx.pathParam("id"), -1);
        Optional<StoredClip> clip = id < 0 ? Optional.empty() : reader.clips().byId(id);
        if (clip.isEmpty()) {
            ApiJson.respond(ctx, 404, ApiJson.error("no clip " + id + " in the store"));
            return;
        }
        Path path = Path.of(clip.get().file());
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            send(ctx, clip.get(), file);
        } catch (NoSuchFileException e) {
            gone(ctx, clip.get());
        } catch (IOException e) {
            if (ctx.res().isCommitted()) {
                // The browser went away mid-file (it does so on every seek): nothing to answer.
                LOG.debug("Clip {} not sent to the end: {}", id, e.toString());
            } else if (!Files.isRegularFile(path)) {
                gone(ctx, clip.get());
            } else {
                LOG.warn("Cannot read clip {} ({}): {}", id, Redaction.escapeControls(clip.get().file()), e.toString());
                ApiJson.respond(ctx, 500, ApiJson.error("cannot read the file of clip " + id + ": " + e.getMessage()));
            }
        }
    }

    private static void send(Context ctx, StoredClip clip, FileChannel file) throws IOException {
        long size = file.size();
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(ctx.header("Range"), size);
        } catch (ByteRange.Unsatisfiable e) {
            ctx.header("Content-Range", "bytes */" + size);
            ApiJson.respond(ctx, 416, ApiJson.error("range not satisfiable: " + e.getMessage()));
            return;
        }
        ByteRange r = range.orElse(new ByteRange(0, size - 1));
        // Written here, not by Javalin's result stream: gzip would break the byte ranges, and MP4
        // does not compress anyway.
        ctx.disableCompression();
        ctx.status(range.isPresent() ? 206 : 200);
        ctx.contentType("video/mp4");
        ctx.header("Accept-Ranges", "bytes");
        if (range.isPresent()) {
            ctx.header("Content-Range", r.contentRange(size));
        }
        boolean download = "1".equals(ctx.queryParam("download"));
        ctx.header("Content-Disposition", (download ? "attachment" : "inline") + "; filename=\"" + clip.fileName() + "\"");
        // The file of a clip id never changes (a new recording is a new row).
        ctx.header("Cache-Control", "private, max-age=3600");
        ctx.res().setContentLengthLong(size == 0 ? 0 : r.length());
        if (size == 0) {
            return;
        }
        OutputStream out = ctx.res().getOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(COPY_BUFFER);
        long position = r.first();
        long left = r.length();
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n = file.read(buffer, position);
            if (n < 0) {
                throw new IOException("clip " + clip.id() + " ended at byte " + position + " while being sent");
            }
            out.write(buffer.array(), 0, n);
            position += n;
            left -= n;
        }
        out.flush();
    }

    private static void gone(Context ctx, StoredClip clip) {
        LOG.info("Clip {} asked for, but its file {} is gone", clip.id(), Redaction.escapeControls(clip.file()));
        ApiJson.respond(ctx, 404, ApiJson.error("the file of clip " + clip.id()
                + " is gone: retention deleted it, or it was moved"));
    }

    private static ArrayNode list(List<StoredClip> clips) {
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        clips.forEach(c -> list.add(ApiJson.clip(c, Files.isRegularFile(Path.of(c.file())))));
        return list;
    }
}
