package io.streamyolo.dashboard.testutils;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamyolo.store.EventStore;
import io.streamyolo.store.StoreException;
import io.streamyolo.store.StoredClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Recorded clips in a test's store, registered as the job's sink registers them. */
public final class TestClips {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestClips() {}

    /**
     * Writes the {@code "event":"clip"} line the job would write for {@code file} to the store,
     * parsed and written as the store sink does.
     *
     * @return the clip as the store has it (with its row id)
     */
    public static StoredClip register(EventStore store, Path file, String stream, String kind, long start, long end, String codec,
            long... tracks) throws IOException, StoreException {
        String line = "{\"event\":\"clip\",\"stream_id\":\"" + stream + "\",\"kind\":\"" + kind + "\",\"start_ms\":" + start
                + ",\"end_ms\":" + end + ",\"file\":" + MAPPER.writeValueAsString(file.toAbsolutePath().toString())
                + ",\"size_bytes\":" + Files.size(file) + ",\"codec\":\"" + codec + "\",\"track_ids\":"
                + MAPPER.writeValueAsString(tracks) + "}";
        store.write(List.of(), List.of(), List.of(), List.of(), List.of(StoredClip.fromJson(line).orElseThrow()));
        return store.clips().ofCamera(stream, kind, start, start + 1, 1000, 0).stream()
                .filter(c -> c.file().equals(file.toAbsolutePath().toString()))
                .findFirst()
                .orElseThrow();
    }
}
