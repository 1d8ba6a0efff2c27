package dev.verigate.ops;

import dev.verigate.http.JsonBodies;
import dev.verigate.limits.Limiter;
import dev.verigate.model.E164;
import dev.verigate.model.StartRequest;
import dev.verigate.signing.AuthResult;
import dev.verigate.signing.Credential;
import dev.verigate.signing.ReplayGuard;
import dev.verigate.signing.RequestAuthenticator;
import dev.verigate.signing.Signatures;
import dev.verigate.signing.SignedRequest;
import dev.verigate.signing.XTimestamp;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A cold JVM answers its first requests slowly (interpreted code, classes still loading), and a replica that
 * takes traffic the moment its port opens makes the first apps wait for that. So, once the port is open, a
 * background thread rehearses the request path with made-up input: a signed request authenticated by the same
 * code that authenticates apps and remembered against replays, a start body parsed by the same parser, a number
 * parsed, a start-shaped limit decision through Redis on keys of its own (given back at once). Readiness stays
 * down until the rehearsals are done ({@code verigate.warm-up.rehearsals}; none by default in the native
 * executable, which has no JIT to warm); liveness does not wait. A failed rehearsal (Redis down) does not hold
 * readiness back.
 */
@Singleton
class WarmUp {

    private static final String NUMBERS = "+46701234%03d";
    private static final Duration DECISION_WAIT = Duration.ofSeconds(2);
    /** Rehearsals whose limit decisions are in flight together, as concurrent requests' would be. */
    private static final int TOGETHER = 8;

    private final Limiter limiter;
    private final ReplayGuard replays;
    private final JsonBodies bodies;
    private final Clock clock;
    private final int rehearsals;
    private final Credential principal;
    private final RequestAuthenticator<Credential> authenticator;
    private volatile int done;
    private volatile boolean stopping;

    WarmUp(Limiter limiter, ReplayGuard replays, JsonBodies bodies, Clock clock, WarmUpConfig config) {
        this.limiter = limiter;
        this.replays = replays;
        this.bodies = bodies;
        this.clock = clock;
        this.rehearsals = config.effectiveRehearsals();
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.principal = Credential.of("warm-up", Base64.getEncoder().encodeToString(secret));
        this.authenticator = new RequestAuthenticator<>(
                new RequestAuthenticator.Principals<>() {
                    public Optional<Credential> byKey(String key) {
                        return principal.key().equals(key) ? Optional.of(principal) : Optional.empty();
                    }

                    public Credential credential(Credential p) {
                        return p;
                    }

                    public boolean allowsBasic(Credential p) {
                        return false;
                    }
                },
                Duration.ofMinutes(15));
    }

    void onStart(@Observes StartupEvent event) {
        if (rehearsals <= 0) {
            return;
        }
        Thread rehearsing = new Thread(this::rehearseAll, "verigate-warm-up");
        rehearsing.setDaemon(true);
        rehearsing.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    /** True when the rehearsals are done (or none were asked for). */
    boolean done() {
        return done >= rehearsals;
    }

    /** "12/500" while rehearsing. */
    String progress() {
        return Math.min(done, rehearsals) + "/" + rehearsals;
    }

    private void rehearseAll() {
        long started = System.nanoTime();
        int failed = 0;
        for (int i = 0; i < rehearsals && !stopping; i += TOGETHER) {
            int n = Math.min(TOGETHER, rehearsals - i);
            try {
                List<Uni<Void>> decisions = new ArrayList<>(n);
                for (int j = i; j < i + n; j++) {
                    decisions.add(rehearse(j));
                }
                Uni.join().all(decisions).andFailFast().await().atMost(DECISION_WAIT);
            } catch (RuntimeException e) {
                failed += n;
                if (failed == n) {
                    Log.infof("A warm-up rehearsal failed (%s); the replica gets ready anyway", e.toString());
                }
            }
            done = i + n;
        }
        Log.infof(
                "Warm-up: %d rehearsals of the request path in %d ms (%d failed); ready for traffic",
                rehearsals, Duration.ofNanos(System.nanoTime() - started).toMillis(), failed);
    }

    /** The synchronous part of one rehearsal here; its limit decision is answered (not awaited). */
    private Uni<Void> rehearse(int i) {
        String number = String.format(NUMBERS, i % 1000);
        byte[] body = ("{\"identity\":{\"type\":\"number\",\"endpoint\":\"" + number + "\"},\"method\":\"sms\","
                        + "\"reference\":\"warm-up-" + i + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        Instant now = clock.instant();
        String timestamp = XTimestamp.format(now);
        String path = "/verification/v1/verifications";
        String toSign =
                Signatures.stringToSign("POST", Signatures.contentMd5(body), "application/json", timestamp, path);
        String authorization =
                "Application " + principal.key() + ":" + Signatures.sign(principal.decodedSecret(), toSign);
        AuthResult<Credential> auth = authenticator.authenticate(
                authorization, new SignedRequest("POST", path, null, "application/json", body, timestamp), now);
        if (!auth.ok()) {
            throw new IllegalStateException("the warm-up's own signature was refused: " + auth);
        }
        StartRequest start = bodies.read("application/json", body, StartRequest.class);
        E164.parse(start.identity().endpoint());
        return replays.firstSight(auth, now).chain(first -> limiter.rehearse(i));
    }
}
