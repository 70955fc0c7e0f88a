package io.streamyolo.store;

/**
 * A stored event with its row id. Ids grow with inserts, so a reader that remembers the largest
 * id it has seen can ask for newer rows ({@link EventStore#eventsAfter}); on PostgreSQL ids are
 * drawn before commit, so concurrent writers may commit a smaller id after a larger one, and
 * duplicate inserts skip ids.
 */
public record EventRow(long id, StoredEvent event) {}
