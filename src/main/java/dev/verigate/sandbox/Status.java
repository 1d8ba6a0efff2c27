package dev.verigate.sandbox;

/** Verification statuses (reference §4); the constant names are the wire strings. */
enum Status {
    PENDING,
    SUCCESSFUL,
    FAIL,
    DENIED,
    ABORTED,
    ERROR;

    boolean finished() {
        return this != PENDING;
    }
}
