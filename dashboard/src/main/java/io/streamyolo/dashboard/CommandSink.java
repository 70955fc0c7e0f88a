package io.streamyolo.dashboard;

import java.io.IOException;

/**
 * Where the dashboard sends commands: the job's control channel. Implementations write each line
 * whole (never interleaved with another writer's) and are safe to call from many request threads.
 */
public interface CommandSink extends AutoCloseable {

    /**
     * Sends one command line (compact JSON, no newline) and returns once it is written.
     *
     * @param streamId the command's stream, or null (a job-wide MODEL)
     * @throws IOException when it could not be written; nothing, or the whole line, was written
     */
    void send(String streamId, String line) throws IOException;

    /** What it writes to, for messages. */
    String description();

    @Override
    void close();
}
