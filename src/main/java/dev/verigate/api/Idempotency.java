package dev.verigate.api;

import dev.verigate.apps.App;
import dev.verigate.model.GatewayCodes;
import dev.verigate.model.SinchException;
import dev.verigate.store.GatewayStore;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Idempotency-Key on start, with the IETF draft's semantics, per app: the same key and body replay
 * the stored answer; the same key while the first request is in flight is 409; the same key with a
 * different body is 422. A start whose outcome stayed unknown is resumed (Sinch is asked first).
 */
@Singleton
class Idempotency {

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._~!$&'()*+,=@-]{1,100}");

    /** What a claim on a key found. */
    sealed interface Claim {
        /** First use: go ahead. */
        record Fresh(String key, String fingerprint) implements Claim {}

        /** The earlier attempt's outcome is unknown: look before sending. */
        record Resume(String key, String fingerprint) implements Claim {}

        /** Done before: answer this again. */
        record Replay(int status, String body) implements Claim {}
    }

    private enum State {
        IN_FLIGHT,
        DONE,
        UNKNOWN
    }

    private final GatewayStore store;
    private final IdempotencyConfig config;

    Idempotency(GatewayStore store, IdempotencyConfig config) {
        this.store = store;
        this.config = config;
    }

    /** The key of an {@code Idempotency-Key} header (a bare or quoted string), validated. */
    static Optional<String> key(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String k = header.strip();
        if (k.length() >= 2 && k.startsWith("\"") && k.endsWith("\"")) {
            k = k.substring(1, k.length() - 1);
        }
        if (!KEY.matcher(k).matches()) {
            throw SinchException.badRequest(
                    "Idempotency-Key must be 1-100 URL path characters (letters, digits, " + "-._~!$&'()*+,=@).");
        }
        return Optional.of(k);
    }

    Uni<Claim> claim(App app, String key, byte[] body) {
        String fingerprint = fingerprint(body);
        String record = record(State.IN_FLIGHT, fingerprint, 0, null);
        return store.setIfAbsent(storeKey(app, key), record, config.inFlightTtl())
                .flatMap(fresh -> fresh
                        ? Uni.createFrom().item(new Claim.Fresh(key, fingerprint))
                        : store.get(storeKey(app, key))
                                .flatMap(found -> found.isEmpty()
                                        ? claim(app, key, body) // expired between the two calls
                                        : existing(app, key, fingerprint, new JsonObject(found.get()))));
    }

    private Uni<Claim> existing(App app, String key, String fingerprint, JsonObject found) {
        if (!fingerprint.equals(found.getString("fp"))) {
            return Uni.createFrom()
                    .failure(
                            new SinchException(
                                    422,
                                    GatewayCodes.IDEMPOTENCY_KEY_REUSED,
                                    "This Idempotency-Key was used with a different request body: send a new key for a new request."));
        }
        return switch (State.valueOf(found.getString("s"))) {
            case IN_FLIGHT ->
                Uni.createFrom()
                        .failure(new SinchException(
                                409,
                                GatewayCodes.IDEMPOTENCY_KEY_IN_FLIGHT,
                                "A request with this Idempotency-Key is still in progress: retry after Retry-After for its answer.",
                                Map.of("Retry-After", "1")));
            case DONE -> Uni.createFrom().item(new Claim.Replay(found.getInteger("status"), found.getString("body")));
            case UNKNOWN ->
                store.set(storeKey(app, key), record(State.IN_FLIGHT, fingerprint, 0, null), config.inFlightTtl())
                        .replaceWith(new Claim.Resume(key, fingerprint));
        };
    }

    /** Stores the final answer (a success, or an error Sinch gave) to replay for this key. */
    Uni<Void> done(App app, String key, String fingerprint, int status, String body) {
        return store.set(storeKey(app, key), record(State.DONE, fingerprint, status, body), config.ttl());
    }

    /** The start may or may not have been sent: the next attempt with this key asks Sinch first. */
    Uni<Void> unknown(App app, String key, String fingerprint) {
        return store.set(storeKey(app, key), record(State.UNKNOWN, fingerprint, 0, null), config.ttl());
    }

    /** Nothing happened (refused before Sinch, or Sinch certainly did not act): the key is free again. */
    Uni<Void> forget(App app, String key) {
        return store.delete(storeKey(app, key));
    }

    private static String record(State state, String fingerprint, int status, String body) {
        JsonObject r = new JsonObject().put("s", state.name()).put("fp", fingerprint);
        if (body != null) {
            r.put("status", status).put("body", body);
        }
        return r.encode();
    }

    private static String storeKey(App app, String key) {
        return "vg:idem:{" + app.id() + "}:" + key;
    }

    private static String fingerprint(byte[] body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required", e);
        }
    }
}
