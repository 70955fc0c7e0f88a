package io.streamyolo.job.detect;

import java.util.Objects;

/** Who chose a model: one stream, or the whole job (a MODEL command without a stream id). */
record ModelUser(String streamId) {

    static final ModelUser JOB = new ModelUser(null);

    static ModelUser stream(String streamId) {
        return new ModelUser(Objects.requireNonNull(streamId, "streamId"));
    }

    boolean isJob() {
        return streamId == null;
    }
}
