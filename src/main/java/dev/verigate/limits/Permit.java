package dev.verigate.limits;

import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;

/**
 * An allowed request: the RateLimit headers to answer with, and a way to give everything back when
 * the request then certainly had no effect (Sinch refused it, or it never left).
 */
public final class Permit {

    private final Buckets buckets;
    private final List<Verdict> verdicts;
    private final Map<String, String> headers;

    Permit(Buckets buckets, List<Verdict> verdicts) {
        this.buckets = buckets;
        this.verdicts = verdicts;
        this.headers = RateLimitHeaders.of(verdicts);
    }

    public Map<String, String> headers() {
        return headers;
    }

    public boolean allowed() {
        return verdicts.stream().allMatch(Verdict::allowed);
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    /** Returns the tokens and cooldown slot this request took. Failures are swallowed: best effort. */
    public Uni<Void> release() {
        return Limiter.undoAll(buckets, verdicts);
    }
}
