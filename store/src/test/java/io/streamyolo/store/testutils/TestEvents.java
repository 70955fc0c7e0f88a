package io.streamyolo.store.testutils;

import io.streamyolo.store.Box;
import io.streamyolo.store.CameraState;
import io.streamyolo.store.Preview;
import io.streamyolo.store.StoredEvent;
import io.streamyolo.store.StoredSnapshot;
import io.streamyolo.store.TrackSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Events, snapshots and JSON lines as the job emits them, for tests and the benchmark. */
public final class TestEvents {

    /** 2025-11-25T11:43:00Z: a minute boundary. */
    public static final long T0 = 1_764_070_980_000L;

    private TestEvents() {}

    public static StoredEvent entered(String stream, long track, long ts, String label) {
        return new StoredEvent(stream, track, StoredEvent.OBJECT_ENTERED, "", 0, null, ts, 1, label, 0.9, box(), null);
    }

    public static StoredEvent zoneEntered(String stream, long track, long ts, String zone, int occurrence) {
        return new StoredEvent(stream, track, StoredEvent.ZONE_ENTERED, zone, occurrence, null, ts, 1, "square", 0.88, box(), null);
    }

    public static StoredEvent zoneLeft(String stream, long track, long ts, String zone, int occurrence) {
        return new StoredEvent(stream, track, StoredEvent.ZONE_LEFT, zone, occurrence, null, ts, 1, "square", 0.8, box(), null);
    }

    public static StoredEvent lineCrossed(String stream, long track, long ts, String line, String direction, int occurrence) {
        return new StoredEvent(stream, track, StoredEvent.LINE_CROSSED, line, occurrence, direction, ts, 1, "square", 0.85, box(), null);
    }

    public static StoredEvent left(String stream, long track, long firstSeen, long lastSeen, String label, List<String> zones) {
        return new StoredEvent(stream, track, StoredEvent.OBJECT_LEFT, "", 0, null, lastSeen, 1, label, 0.7, box(),
                new TrackSummary(firstSeen, lastSeen, lastSeen - firstSeen, 0.95, zones));
    }

    public static StoredSnapshot snapshot(String stream, long track, long ts, double conf, int jpegBytes, int thumbBytes, long seed) {
        Random r = new Random(seed);
        byte[] jpeg = new byte[jpegBytes];
        r.nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        byte[] thumb = new byte[thumbBytes];
        r.nextBytes(thumb);
        return new StoredSnapshot(stream, track, ts, conf, box(), jpeg, thumbBytes == 0 ? null : thumb);
    }

    /**
     * The five events of one track (entered, zone in, line crossed, zone out, left), 1 s apart
     * from {@code start}.
     */
    public static List<StoredEvent> track(String stream, long track, long start) {
        List<StoredEvent> events = new ArrayList<>();
        events.add(entered(stream, track, start, "square"));
        events.add(zoneEntered(stream, track, start + 1000, "gate", 0));
        events.add(lineCrossed(stream, track, start + 2000, "door", track % 2 == 0 ? "in" : "out", 0));
        events.add(zoneLeft(stream, track, start + 3000, "gate", 0));
        events.add(left(stream, track, start, start + 4000, "square", List.of("gate")));
        return events;
    }

    /** A snapshot line as the job sends it (base64 JPEG and thumbnail). */
    public static String snapshotJson(StoredSnapshot s) {
        java.util.Base64.Encoder b64 = java.util.Base64.getEncoder();
        return "{\"stream_id\":\"" + s.streamId() + "\",\"event\":\"snapshot\",\"track_id\":" + s.trackId()
                + ",\"ts\":" + s.ts() + ",\"conf\":" + s.conf() + ",\"box\":[1.0,2.0,30.0,40.0],\"jpeg\":\""
                + b64.encodeToString(s.jpeg()) + "\"" + (s.thumbnail() == null ? "" : ",\"thumb\":\"" + b64.encodeToString(s.thumbnail()) + "\"")
                + "}";
    }

    /** A camera picture with one box (a square, track 7); the JPEG is random bytes after the marker. */
    public static Preview preview(String stream, long ts, long frameSeq, int jpegBytes, long seed) {
        Random r = new Random(seed);
        byte[] jpeg = new byte[jpegBytes];
        r.nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        return new Preview(stream, ts, frameSeq, 640, 360, jpeg,
                "{\"data\":[[[10.0,20.0,110.0,140.0],1,0.9]],\"labels\":[\"square\"],\"track_ids\":[7]}");
    }

    /** A preview line as the job sends it (base64 JPEG). */
    public static String previewJson(Preview p) {
        return "{\"event\":\"preview\",\"stream_id\":\"" + p.streamId() + "\",\"ts\":" + p.ts() + ",\"frame_seq\":"
                + p.frameSeq() + ",\"width\":" + p.width() + ",\"height\":" + p.height() + ",\"jpeg\":\""
                + java.util.Base64.getEncoder().encodeToString(p.jpeg()) + "\","
                + p.detections().substring(1, p.detections().length() - 1) + "}";
    }

    /** A camera's state with a zone and a line, as the job reports it. */
    public static CameraState cameraState(String stream, long ts, String state, String reason) {
        return new CameraState(stream, ts, state, reason, 12.5, 3L, 40L, 5L, 2, "shapes-yolo-320.torchscript",
                "{\"conf\":0.4,\"classes\":[0,2],\"priority\":0,\"max_fps\":5.0}",
                "[{\"name\":\"gate\",\"polygon\":[[0.1,0.5],[0.4,0.5],[0.4,0.9],[0.1,0.9]]}]",
                "[{\"name\":\"door\",\"a\":[0.5,0.0],\"b\":[0.5,1.0],\"in\":\"left\"}]",
                "{\"gate\":1}", "{\"door\":{\"in\":3,\"out\":2}}");
    }

    /** A camera_state line as the job sends it. */
    public static String cameraStateJson(CameraState c) {
        return "{\"event\":\"camera_state\",\"stream_id\":\"" + c.streamId() + "\",\"ts\":" + c.ts() + ",\"state\":\""
                + c.state() + "\",\"reason\":" + (c.reason() == null ? "null" : "\"" + c.reason() + "\"") + ",\"fps\":" + c.fps()
                + ",\"dropped\":" + c.dropped() + ",\"skipped\":" + c.skipped() + ",\"predicted\":" + c.predicted() + ",\"objects\":" + c.objects() + ",\"model\":\"" + c.model()
                + "\",\"settings\":" + c.settings() + ",\"zones\":" + c.zones() + ",\"lines\":" + c.lines()
                + ",\"zone_counts\":" + c.zoneCounts() + ",\"line_counts\":" + c.lineCounts() + "}";
    }

    /** A per-frame detections line, which the store ignores. */
    public static String detectionsJson(String stream, long ts) {
        return "{\"stream_id\":\"" + stream + "\",\"event\":\"detections\",\"ts\":" + ts
                + ",\"data\":[[[1,2,3,4],0,0.9]],\"names\":[\"square\"]}";
    }

    private static Box box() {
        return new Box(1.0, 2.0, 30.0, 40.0);
    }
}
