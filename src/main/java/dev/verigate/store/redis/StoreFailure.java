package dev.verigate.store.redis;

/**
 * Redis failed a command of the request path, and how: only {@link Kind#UNREACHABLE} and {@link Kind#OVERLOADED}
 * prove nothing was applied (so only they may move a limit decision to the per-replica buckets). Carries no stack trace (it is an answer, not a bug).
 */
public final class StoreFailure extends RuntimeException {

    public enum Kind {
        /** No connection could be made (refused, timed out, handshake failed): nothing was written. */
        UNREACHABLE,
        /** The connection was lost after the command was written: it may or may not have been applied. */
        LOST,
        /** Redis answered with an error (OOM, LOADING, CLUSTERDOWN…): the batch's other commands may have run. */
        REPLY_ERROR,
        /** This replica's connection already has as many commands waiting as it may hold: nothing was written. */
        OVERLOADED
    }

    private final Kind kind;

    public StoreFailure(Kind kind, Throwable cause) {
        super(kind + ": " + (cause == null ? "" : cause.getMessage()), cause, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** True when the command certainly did not reach Redis. */
    public boolean certainlyNotApplied() {
        return kind == Kind.UNREACHABLE || kind == Kind.OVERLOADED;
    }
}
