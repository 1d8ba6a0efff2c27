package dev.verigate.it;

import static dev.verigate.it.PackagedJarResource.STARTS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar's limits on Redis (prod defaults plus app "tight" at 2 starts an hour): a refused
 * start is a Sinch 429 with Retry-After and never reaches Sinch.
 */
@QuarkusIntegrationTest
@WithTestResource(PackagedJarResource.class)
class LimitsIT {

    private static void assert429(Reply r, int errorCode) {
        assertEquals(429, r.status(), r::toString);
        assertEquals(errorCode, r.json().get("errorCode").asInt(), r::toString);
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= 1, "Retry-After " + retryAfter);
    }

    @Test
    void aSecondStartToTheSameNumberWaitsOutTheCooldown() {
        String number = TestNumbers.next();
        PackagedJarResource.createsOnStart(number, UUID.randomUUID().toString());
        Flows.ok(PackagedJarResource.shop().post(STARTS, Gateway.startBody("sms", number)));

        Reply again = PackagedJarResource.shop().post(STARTS, Gateway.startBody("sms", number));
        assert429(again, 42901);
        long retryAfter = Long.parseLong(again.header("Retry-After"));
        assertTrue(retryAfter <= 30, "the prod cooldown starts at 30 s: " + retryAfter);
        assertEquals(1, PackagedJarResource.startsFor(number).size(), "the refused start never reached Sinch");
    }

    @Test
    void theAppsStartQuotaIsExactAndARefusalCostsNothing() {
        String[] numbers = {TestNumbers.next(), TestNumbers.next(), TestNumbers.next()};
        for (String n : numbers) {
            PackagedJarResource.createsOnStart(n, UUID.randomUUID().toString());
        }
        Reply first = PackagedJarResource.tight().post(STARTS, Gateway.startBody("sms", numbers[0]));
        Flows.ok(first);
        assertEquals(1, Flows.remaining(first, "app-start"));
        Reply second = PackagedJarResource.tight().post(STARTS, Gateway.startBody("sms", numbers[1]));
        Flows.ok(second);
        assertEquals(0, Flows.remaining(second, "app-start"));

        assert429(PackagedJarResource.tight().post(STARTS, Gateway.startBody("sms", numbers[2])), 42900);
        assertEquals(1, PackagedJarResource.startsFor(numbers[0]).size());
        assertEquals(1, PackagedJarResource.startsFor(numbers[1]).size());
        assertEquals(0, PackagedJarResource.startsFor(numbers[2]).size(), "the refused start never reached Sinch");

        // The number's own buckets gave back what they had taken: it can still be started by another app.
        Flows.ok(PackagedJarResource.shop().post(STARTS, Gateway.startBody("sms", numbers[2])));
        assertEquals(1, PackagedJarResource.startsFor(numbers[2]).size());
    }
}
