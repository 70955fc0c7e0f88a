package io.streamyolo.control;

/** A command that cannot be applied; the message says why and never holds credentials. */
public class InvalidCommandException extends Exception {

    private static final long serialVersionUID = 1L;

    public InvalidCommandException(String message) {
        super(message);
    }
}
