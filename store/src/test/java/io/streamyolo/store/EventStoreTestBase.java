package io.streamyolo.store;

import static io.streamyolo.store.testutils.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.streamyolo.store.testutils.TestEvents;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every store backend must do; {@code EventStoreTest} runs it on SQLite and
 * {@code PostgresEventStoreITCase} on a real PostgreSQL server.
 */
abstract class EventStoreTestBase {

    /** A URL of a new, empty store. */
    abstract String newStoreUrl() throws Exception;

    @Test
    void testSchemaCreatedThenReopenedWithoutMigration() throws Exception {
        String url = newStoreUrl();
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.migrationsApplied()).isEqualTo(4);
            store.write(TestEvents.track("cam1", 1, T0), List.of());
        }
        try (EventStore store = EventStore.open(url)) {
            assertThat(store.migrationsApplied()).isZero();
            assertThat(count(store, "events")).isEqualTo(5);
            assertThat(count(store, SchemaMigration.HISTORY_TABLE + " WHERE success")).isEqualTo(4);
        }
    }

    @Test
    void testWriteSameBatchTwiceKeepsRowCounts() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            List<StoredEvent> events = new ArrayList<>();
            for (int track = 1; track <= 20; track++) {
                events.addAll(TestEvents.track("cam1", track, T0 + track * 10_000L));
            }
            List<StoredSnapshot> snapshots = List.of(
                    TestEvents.snapshot("cam1", 1, T0, 0.9, 2000, 300, 1), TestEvents.snapshot("cam1", 2, T0, 0.9, 2000, 300, 2));

            WriteResult first = store.write(events, snapshots);
            List<Long> after = counts(store);
            WriteResult second = store.write(events, snapshots);

            assertThat(first).isEqualTo(new WriteResult(100, 0, 2));
            assertThat(second).isEqualTo(new WriteResult(0, 100, 2));
            assertThat(counts(store)).isEqualTo(after).containsExactly(100L, 20L, 2L, after.get(3));
        }
    }

    @Test
    void testCountsPerMinuteNotDoubleCountedOnReplay() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            List<StoredEvent> batch = List.of(
                    TestEvents.lineCrossed("cam1", 1, T0 + 1_000, "door", "in", 0),
                    TestEvents.lineCrossed("cam1", 2, T0 + 2_000, "door", "in", 0),
                    TestEvents.lineCrossed("cam1", 2, T0 + 3_000, "door", "in", 0), // same key: one event
                    TestEvents.lineCrossed("cam1", 1, T0 + 4_000, "door", "in", 1), // second crossing
                    TestEvents.lineCrossed("cam1", 3, T0 + 61_000, "door", "out", 0),
                    TestEvents.zoneEntered("cam1", 3, T0 + 62_000, "gate", 0),
                    TestEvents.zoneLeft("cam1", 3, T0 + 63_000, "gate", 0));
            store.write(batch, List.of());
            store.write(batch, List.of()); // the replay after a failover
            store.write(batch.subList(2, 5), List.of()); // and a partial one

            assertThat(store.counts(null, Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 3_600_000)))
                    .extracting(MinuteCount::kind, MinuteCount::subject, MinuteCount::label, MinuteCount::minute, MinuteCount::count)
                    .containsExactly(
                            tuple("line_in", "door", "square", T0, 3L),
                            tuple("line_out", "door", "square", T0 + 60_000, 1L),
                            tuple("zone_entered", "gate", "square", T0 + 60_000, 1L));
            assertThat(count(store, "events")).isEqualTo(6);
        }
    }

    @Test
    void testSnapshotReplacedByBetterOne() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            StoredSnapshot first = TestEvents.snapshot("cam1", 7, T0, 0.6, 20_000, 3_000, 1);
            StoredSnapshot better = TestEvents.snapshot("cam1", 7, T0 + 500, 0.95, 21_000, 2_900, 2);
            StoredSnapshot other = TestEvents.snapshot("cam2", 7, T0, 0.5, 1_000, 0, 3);
            store.write(List.of(), List.of(first, other));
            store.write(List.of(), List.of(better));

            assertThat(store.snapshot("cam1", 7)).contains(better);
            assertThat(store.snapshot("cam2", 7)).contains(other);
            assertThat(store.snapshot("cam1", 8)).isEmpty();
            assertThat(count(store, "snapshots")).isEqualTo(2);
        }
    }

    @Test
    void testSnapshotsOfOneTrackInOneBatchKeepTheLast() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            StoredSnapshot a = TestEvents.snapshot("cam1", 7, T0, 0.6, 500, 50, 1);
            StoredSnapshot b = TestEvents.snapshot("cam1", 7, T0 + 40, 0.7, 600, 60, 2);
            StoredSnapshot c = TestEvents.snapshot("cam1", 7, T0 + 80, 0.8, 700, 70, 3);
            store.write(List.of(), List.of(a, b, c));
            assertThat(store.snapshot("cam1", 7)).contains(c);
        }
    }

    @Test
    void testObjectLeftStoresTrackSummary() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            store.write(TestEvents.track("cam1", 7, T0), List.of());
            store.write(List.of(TestEvents.left("cam1", 7, T0, T0 + 4_000, "square", List.of("gate"))), List.of());

            List<StoredEvent> left = store.find(EventQuery.builder().kind(StoredEvent.OBJECT_LEFT).build());
            assertThat(left).hasSize(1);
            assertThat(left.get(0).track()).isEqualTo(new TrackSummary(T0, T0 + 4_000, 4_000, 0.95, List.of("gate")));
            assertThat(left.get(0)).isEqualTo(TestEvents.left("cam1", 7, T0, T0 + 4_000, "square", List.of("gate")));
            assertThat(count(store, "tracks")).isEqualTo(1);
            // Other events of the track carry no summary.
            assertThat(store.find(EventQuery.builder().kind(StoredEvent.OBJECT_ENTERED).build()).get(0).track()).isNull();
        }
    }

    @Test
    void testDeleteOlderThanDeletesOldRowsOnly() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            long oldStart = T0;
            long newStart = T0 + 3_600_000;
            List<StoredEvent> events = new ArrayList<>();
            List<StoredSnapshot> snapshots = new ArrayList<>();
            for (int track = 1; track <= 30; track++) {
                events.addAll(TestEvents.track("cam1", track, oldStart + track * 5_000L));
                snapshots.add(TestEvents.snapshot("cam1", track, oldStart + track * 5_000L, 0.9, 100, 10, track));
            }
            for (int track = 101; track <= 110; track++) {
                events.addAll(TestEvents.track("cam1", track, newStart + track * 5_000L));
                snapshots.add(TestEvents.snapshot("cam1", track, newStart + track * 5_000L, 0.9, 100, 10, track));
            }
            store.write(events, snapshots);
            List<Long> before = counts(store);

            // Small batches: many short transactions.
            long deleted = store.deleteOlderThan(Instant.ofEpochMilli(newStart), 7, java.time.Duration.ZERO);

            List<Long> after = counts(store);
            assertThat(after).containsExactly(50L, 10L, 10L, after.get(3));
            assertThat(deleted).isEqualTo(before.get(0) + before.get(1) + before.get(2) + before.get(3)
                    - after.get(0) - after.get(1) - after.get(2) - after.get(3));
            assertThat(store.find(EventQuery.builder().until(Instant.ofEpochMilli(newStart)).build())).isEmpty();
            assertThat(store.snapshot("cam1", 1)).isEmpty();
            assertThat(store.snapshot("cam1", 101)).isPresent();
            assertThat(store.counts(null, Instant.EPOCH, Instant.ofEpochMilli(newStart)))
                    .allSatisfy(c -> assertThat(c.minute()).isGreaterThanOrEqualTo(newStart - 59_999));
            assertThat(store.deleteOlderThan(Instant.ofEpochMilli(newStart))).isZero();
        }
    }

    @Test
    void testQueryFilters() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            List<StoredEvent> events = new ArrayList<>();
            events.addAll(TestEvents.track("cam1", 1, T0));
            events.addAll(TestEvents.track("cam2", 2, T0 + 10_000));
            events.add(TestEvents.entered("cam1", 3, T0 + 20_000, "circle"));
            events.add(TestEvents.zoneEntered("cam1", 3, T0 + 21_000, "door", 0)); // a zone named like a line
            store.write(events, List.of());

            assertThat(store.find(EventQuery.builder().build())).hasSize(12)
                    .isSortedAccordingTo((a, b) -> Long.compare(b.ts(), a.ts()));
            assertThat(store.find(EventQuery.builder().stream("cam2").build()))
                    .extracting(StoredEvent::streamId).containsOnly("cam2").hasSize(5);
            assertThat(store.find(EventQuery.builder().label("circle").build()))
                    .extracting(StoredEvent::trackId, StoredEvent::kind).containsExactly(tuple(3L, "object_entered"));
            assertThat(store.find(EventQuery.builder().zone("gate").build()))
                    .extracting(StoredEvent::kind).containsExactly("zone_left", "zone_entered", "zone_left", "zone_entered");
            assertThat(store.find(EventQuery.builder().zone("door").build()))
                    .extracting(StoredEvent::trackId).containsExactly(3L);
            assertThat(store.find(EventQuery.builder().line("door").build()))
                    .extracting(StoredEvent::kind, StoredEvent::direction)
                    .containsExactly(tuple("line_crossed", "in"), tuple("line_crossed", "out"));
            assertThat(store.find(EventQuery.builder().kind("object_left").stream("cam1").build()))
                    .extracting(StoredEvent::trackId).containsExactly(1L);
            assertThat(store.find(EventQuery.builder()
                            .since(Instant.ofEpochMilli(T0 + 2_000)).until(Instant.ofEpochMilli(T0 + 11_000)).build()))
                    .extracting(StoredEvent::ts).containsExactly(T0 + 10_000, T0 + 4_000, T0 + 3_000, T0 + 2_000);
            assertThat(store.find(EventQuery.builder().limit(3).build()))
                    .extracting(StoredEvent::ts).containsExactly(T0 + 21_000, T0 + 20_000, T0 + 14_000);
            assertThat(store.find(EventQuery.builder().stream("cam9").build())).isEmpty();
            // Pages further back, and the count of all that match.
            assertThat(store.find(EventQuery.builder().limit(3).offset(3).build()))
                    .extracting(StoredEvent::ts).containsExactly(T0 + 13_000, T0 + 12_000, T0 + 11_000);
            assertThat(store.findRows(EventQuery.builder().limit(5).offset(10).build())).hasSize(2);
            assertThat(store.count(EventQuery.builder().limit(3).offset(3).build())).isEqualTo(12);
            assertThat(store.count(EventQuery.builder().stream("cam2").build())).isEqualTo(5);
            assertThat(store.count(EventQuery.builder().zone("gate").since(Instant.ofEpochMilli(T0 + 10_000)).build())).isEqualTo(2);
            assertThat(store.count(EventQuery.builder().stream("cam9").build())).isZero();
        }
    }

    @Test
    void testPreviewKeepsTheNewestOfEachCamera() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            Preview p1 = TestEvents.preview("cam1", T0, 10, 3_000, 1);
            Preview p2 = TestEvents.preview("cam1", T0 + 500, 11, 3_100, 2);
            Preview p3 = TestEvents.preview("cam1", T0 + 1_000, 12, 3_200, 3);
            Preview other = TestEvents.preview("cam2", T0 + 100, 5, 2_000, 4);
            WriteResult result = store.write(List.of(), List.of(), List.of(p2, other, p1), List.of());
            assertThat(result).isEqualTo(new WriteResult(0, 0, 0, 2, 0));
            // The older one came last in the batch: the newer stays.
            assertThat(store.preview("cam1")).contains(p2);
            store.write(List.of(), List.of(), List.of(p3), List.of());
            store.write(List.of(), List.of(), List.of(p1), List.of()); // a replay of an old line
            assertThat(store.preview("cam1")).contains(p3);
            assertThat(store.preview("cam2")).contains(other);
            assertThat(store.preview("cam3")).isEmpty();
            assertThat(store.previewTimes()).containsExactly(entry("cam1", T0 + 1_000), entry("cam2", T0 + 100));
            assertThat(count(store, "previews")).isEqualTo(2);
        }
    }

    @Test
    void testCameraStatesKeepTheNewestAndAStoppedCamera() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            CameraState live = TestEvents.cameraState("cam1", T0, CameraState.LIVE, null);
            CameraState stopped = TestEvents.cameraState("cam1", T0 + 2_000, CameraState.STOPPED, "stopped by a STOP command");
            CameraState error = new CameraState("cam0", T0, CameraState.ERROR, "connection refused", null, null, null, null,
                    null, null, null, null, null, null, null);
            store.write(List.of(), List.of(), List.of(), List.of(live, error));
            assertThat(store.cameras()).containsExactly(error, live);
            store.write(List.of(), List.of(), List.of(), List.of(stopped));
            store.write(List.of(), List.of(), List.of(), List.of(live)); // a replay: older than the stop
            assertThat(store.cameras()).containsExactly(error, stopped);
            assertThat(store.cameras().get(1).isStopped()).isTrue();
            assertThat(store.cameras().get(0))
                    .extracting(CameraState::settings, CameraState::zones, CameraState::lines, CameraState::zoneCounts,
                            CameraState::lineCounts)
                    .containsExactly("{}", "[]", "[]", "{}", "{}");
        }
    }

    @Test
    void testRetentionLeavesCamerasAndPreviews() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            store.write(TestEvents.track("cam1", 1, T0), List.of(), List.of(TestEvents.preview("cam1", T0, 1, 100, 1)),
                    List.of(TestEvents.cameraState("cam1", T0, CameraState.STOPPED, null)));
            store.deleteOlderThan(Instant.ofEpochMilli(T0 + 86_400_000L));
            assertThat(count(store, "events")).isZero();
            assertThat(store.preview("cam1")).isPresent();
            assertThat(store.cameras()).hasSize(1);
        }
    }

    @Test
    void testEventsAfterFollowsNewRows() throws Exception {
        try (EventStore store = EventStore.open(newStoreUrl())) {
            assertThat(store.lastEventId()).isZero();
            assertThat(store.eventsAfter(0, 10)).isEmpty();
            store.write(TestEvents.track("cam1", 1, T0), List.of());
            long last = store.lastEventId();
            List<EventRow> first = store.eventsAfter(0, 100);
            assertThat(first).hasSize(5).extracting(EventRow::id).isSorted().endsWith(last);
            assertThat(first).extracting(r -> r.event().kind())
                    .containsExactly("object_entered", "zone_entered", "line_crossed", "zone_left", "object_left");
            assertThat(first.get(4).event().track()).isNotNull();

            store.write(TestEvents.track("cam2", 2, T0 + 10_000), List.of());
            List<EventRow> next = store.eventsAfter(last, 3);
            assertThat(next).hasSize(3).allSatisfy(r -> assertThat(r.event().streamId()).isEqualTo("cam2"));
            assertThat(next.get(0).id()).isGreaterThan(last);

            List<EventRow> rows = store.findRows(EventQuery.builder().stream("cam2").limit(2).build());
            assertThat(rows).extracting(r -> r.event().kind()).containsExactly("object_left", "zone_left");
            assertThat(rows.get(0).id()).isEqualTo(store.lastEventId());
            // One row by its id, as the dashboard's event view asks.
            assertThat(store.event(rows.get(0).id())).hasValueSatisfying(r -> {
                assertThat(r.event().kind()).isEqualTo("object_left");
                assertThat(r.event().streamId()).isEqualTo("cam2");
                assertThat(r.event().track().durationMs()).isEqualTo(4_000);
            });
            assertThat(store.event(store.lastEventId() + 1)).isEmpty();
        }
    }

    // ------------------------------------------------------------------------------------------

    /** Rows of events, tracks, snapshots, counts_per_minute. */
    static List<Long> counts(EventStore store) throws Exception {
        return List.of(count(store, "events"), count(store, "tracks"), count(store, "snapshots"), count(store, "counts_per_minute"));
    }

    static long count(EventStore store, String tableAndWhere) throws Exception {
        Connection c = store.connection();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + tableAndWhere)) {
            rs.next();
            return rs.getLong(1);
        } finally {
            c.commit();
        }
    }
}
