package io.streamyolo.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.streamyolo.store.EventRow;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredSnapshot;
import java.util.Optional;

/**
 * The track events: a filtered page of them, new ones as server-sent events (from the
 * {@link EventFeed}, which reads the store once for every subscriber), and the tracks' snapshots.
 */
final class EventRoutes {

    private final EventStore reader;
    private final EventFeed feed;

    EventRoutes(EventStore reader, EventFeed feed) {
        this.reader = reader;
        this.feed = feed;
    }

    void register(Javalin app) {
        app.get("/api/events", this::events);
        app.sse("/api/events/stream", this::eventStream);
        app.get("/api/snapshots/{stream}/{track}/thumb.jpg", ctx -> snapshot(ctx, true));
        app.get("/api/snapshots/{stream}/{track}.jpg", ctx -> snapshot(ctx, false));
    }

    private void events(Context ctx) throws StoreException {
        EventFilter filter = EventFilter.from(ctx::queryParam);
        // Read first: the page follows new events from here (/api/events/stream?after=), so none
        // is missed; one written in between may come twice, which the page drops by id.
        long lastId = reader.lastEventId();
        ArrayNode list = ApiJson.MAPPER.createArrayNode();
        for (EventRow row : reader.findRows(filter.query())) {
            list.add(ApiJson.event(row));
        }
        ObjectNode n = ApiJson.MAPPER.createObjectNode();
        n.set("events", list);
        // All that match (for "51-100 of 1,234"), and where this page starts.
        n.put("total", reader.count(filter.query()));
        n.put("offset", filter.offset());
        n.put("limit", filter.limit());
        n.put("last_id", lastId);
        ApiJson.respond(ctx, 200, n);
    }

    /** New events as server-sent events ({@code event: event}, id = row id), after the client's last id. */
    private void eventStream(SseClient client) {
        EventFilter filter;
        try {
            filter = EventFilter.from(client.ctx()::queryParam);
        } catch (IllegalArgumentException e) {
            client.sendEvent("failure", ApiJson.error(e.getMessage()).toString());
            client.close();
            return;
        }
        String lastId = client.ctx().header("Last-Event-ID");
        long after = lastId != null ? NumberParams.parseLong(lastId, -1) : NumberParams.longParam(client.ctx(), "after", -1);
        client.keepAlive();
        EventFeed.Subscriber subscriber = new EventFeed.Subscriber() {
            @Override
            public synchronized boolean deliver(EventRow row) {
                if (client.terminated()) {
                    return false;
                }
                if (filter.matches(row)) {
                    client.sendEvent("event", ApiJson.event(row).toString(), Long.toString(row.id()));
                }
                return !client.terminated();
            }

            @Override
            public synchronized boolean ping() {
                if (!client.terminated()) {
                    client.sendComment("ping");
                }
                return !client.terminated();
            }
        };
        client.onClose(() -> feed.unsubscribe(subscriber));
        feed.subscribe(subscriber, after);
    }

    private void snapshot(Context ctx, boolean thumbnail) throws StoreException {
        long track = NumberParams.parseLong(ctx.pathParam("track"), -1);
        Optional<StoredSnapshot> s = track < 0 ? Optional.empty() : reader.snapshot(ctx.pathParam("stream"), track);
        byte[] bytes = s.map(x -> thumbnail && x.thumbnail() != null ? x.thumbnail() : x.jpeg()).orElse(null);
        if (bytes == null) {
            ApiJson.respond(ctx, 404, ApiJson.error("no snapshot of this track"));
            return;
        }
        // A better snapshot may replace it while the track lasts: cache briefly.
        ctx.header("Cache-Control", "private, max-age=10");
        ctx.contentType("image/jpeg").result(bytes);
    }
}
