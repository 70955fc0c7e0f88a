package io.streamyolo.source.reader;

import io.streamyolo.source.event.StreamStatus;

/** How a decoder thread tells its reader about new frames and status changes. Called from decoder threads. */
interface StreamListener {

    /** A new frame is waiting in the decoder's slot. */
    void frameAvailable();

    /** A status event to emit. */
    void status(StreamStatus status);
}
