package dev.verigate.callbacks;

import dev.verigate.apps.App;
import dev.verigate.apps.AppRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Delivers the outbox to app webhooks on every replica: each poll takes new and due entries, POSTs
 * them signed with the app's secret, acknowledges the delivered ones, leaves the failed ones pending
 * for a later attempt with backoff, and dead-letters those older than {@code delivery.max-age}. On
 * shutdown it stops taking entries; what it had not acknowledged is taken over by another replica or
 * by itself after a restart.
 */
@Singleton
public class DeliveryWorker {

    private final Outbox outbox;
    private final AppRegistry apps;
    private final Webhooks webhooks;
    private final CallbacksConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final AtomicBoolean polling = new AtomicBoolean();
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private volatile String consumer;
    private volatile long timer = -1;

    DeliveryWorker(
            Outbox outbox,
            AppRegistry apps,
            Webhooks webhooks,
            CallbacksConfig config,
            Vertx vertx,
            Clock clock,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.apps = apps;
        this.webhooks = webhooks;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.meters = meters;
        meters.gauge("verigate.callbacks.outbox.depth", depth);
        meters.gauge("verigate.callbacks.outbox.oldest.age.ms", oldestAgeMillis);
        meters.gauge("verigate.callbacks.dead.letters", deadLetters);
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    /** Starts polling under a fresh consumer name (a restarted process is a new consumer). */
    public synchronized void start() {
        if (timer < 0) {
            consumer = "verigate-" + UUID.randomUUID();
            timer = vertx.setPeriodic(config.delivery().pollInterval().toMillis(), id -> poll());
        }
    }

    /** Stops taking entries; unacknowledged ones stay pending in the outbox for whoever polls next. */
    public synchronized void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    private void poll() {
        if (!polling.compareAndSet(false, true)) {
            return; // the previous poll is still delivering
        }
        outbox.due(consumer, config.delivery().batch())
                .flatMap(this::deliverAll)
                .flatMap(v -> outbox.stats(clock.millis()))
                .subscribe()
                .with(
                        stats -> {
                            depth.set(stats.depth());
                            oldestAgeMillis.set(stats.oldestAgeMillis());
                            deadLetters.set(stats.deadLetters());
                            polling.set(false);
                        },
                        failure -> {
                            Log.warnf("Outbox poll failed: %s", failure.toString());
                            polling.set(false);
                        });
    }

    private Uni<Void> deliverAll(List<Outbox.Entry> due) {
        if (due.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join()
                .all(due.stream().map(this::deliver).toList())
                .andCollectFailures()
                .replaceWithVoid();
    }

    private Uni<Void> deliver(Outbox.Entry entry) {
        App app = apps.byId(entry.appId()).orElse(null);
        if (app == null || app.webhookUrl().isEmpty()) {
            return outbox.deadLetter(entry, "app or webhook no longer configured")
                    .invoke(() -> count("dead"));
        }
        return webhooks.post(
                        app.webhookUrl().get(),
                        app.credential(),
                        entry.body(),
                        entry.eventId(),
                        config.delivery().timeout())
                .map(Webhooks.Answer::ok)
                .onFailure()
                .recoverWithItem(false)
                .flatMap(ok -> ok ? outbox.delivered(entry).invoke(() -> count("delivered")) : failed(entry));
    }

    private Uni<Void> failed(Outbox.Entry entry) {
        count("failed");
        if (clock.millis() - entry.enqueuedAtMillis()
                >= config.delivery().maxAge().toMillis()) {
            Log.warnf(
                    "Event %s for app %s undelivered after %d attempts: dead-lettered",
                    entry.eventId(), entry.appId(), entry.deliveries() + 1);
            return outbox.deadLetter(
                            entry, "undelivered after " + config.delivery().maxAge())
                    .invoke(() -> count("dead"));
        }
        return Uni.createFrom().voidItem(); // stays pending; retried after its backoff
    }

    private void count(String outcome) {
        meters.counter("verigate.callbacks.deliveries", "outcome", outcome).increment();
    }
}
