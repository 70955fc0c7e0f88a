package io.streamyolo.model;

/** The one checked exception of the detector: a model that cannot be loaded or run. */
public class DetectorException extends Exception {

    private static final long serialVersionUID = 1L;

    public DetectorException(String message) {
        super(message);
    }

    public DetectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
