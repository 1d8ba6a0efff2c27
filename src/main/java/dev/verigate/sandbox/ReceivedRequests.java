package dev.verigate.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.verigate.model.E164;
import dev.verigate.model.SinchException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The start and report bodies that reached the sandbox, per number, newest first: what the gateway forwarded, for
 * tests that check a field travelled on unchanged or that a refused request never left the gateway. Bounded: the
 * last {@value #PER_NUMBER} bodies of a number, {@value #MAX_BYTES} bytes of bodies in all (the numbers least
 * recently used go first).
 */
@Singleton
public class ReceivedRequests {

    static final int PER_NUMBER = 20;
    static final long MAX_BYTES = 16L * 1024 * 1024;

    private final Cache<String, List<ReceivedRequest>> byNumber = Caffeine.newBuilder()
            .maximumWeight(MAX_BYTES)
            .<String, List<ReceivedRequest>>weigher((number, kept) ->
                    kept.stream().mapToInt(r -> r.body().toString().length()).sum())
            .build();
    private final Clock clock;

    ReceivedRequests(Clock clock) {
        this.clock = clock;
    }

    /** A start body; kept under its identity's number when that is one. */
    void start(ObjectNode body) {
        number(body.path("identity").path("endpoint").asText(""))
                .ifPresent(n -> keep(n, new ReceivedRequest("start", "/verification/v1/verifications", body, now())));
    }

    /** A report body for a verification of {@code number}. */
    void report(String number, String path, ObjectNode body) {
        number(number).ifPresent(n -> keep(n, new ReceivedRequest("report", path, body, now())));
    }

    /** Newest first; empty for a number nothing reached the sandbox for. */
    public List<ReceivedRequest> of(String number) {
        List<ReceivedRequest> kept = byNumber.getIfPresent(number);
        return kept == null ? List.of() : kept;
    }

    private void keep(String number, ReceivedRequest request) {
        byNumber.asMap().compute(number, (n, kept) -> {
            List<ReceivedRequest> newer = new ArrayList<>(PER_NUMBER);
            newer.add(request);
            if (kept != null) {
                newer.addAll(kept.subList(0, Math.min(kept.size(), PER_NUMBER - 1)));
            }
            return List.copyOf(newer);
        });
    }

    private String now() {
        return clock.instant().toString();
    }

    private static Optional<String> number(String endpoint) {
        try {
            return Optional.of(E164.parse(endpoint).number());
        } catch (SinchException notANumber) {
            return Optional.empty();
        }
    }
}
