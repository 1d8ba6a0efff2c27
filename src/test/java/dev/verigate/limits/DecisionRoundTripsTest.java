package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Counts (not times) the Redis traffic of start decisions for a stream of distinct numbers: each
 * decision's four checks (app, country, number bucket, cooldown) are one pipelined round trip of four
 * commands, against Bucket4j's naive 3 round trips for a new key plus 2 per existing bucket.
 */
@QuarkusTest
class DecisionRoundTripsTest {

    @Inject
    LimitStores stores;

    @Test
    void aStreamOfDistinctNumbersCostsAboutOneRoundTripPerStart() {
        SinchTestClient alpha = Gateway.alpha();
        alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())); // this replica learns the hot keys
        long roundTrips = stores.lanes().roundTrips();
        long commands = stores.lanes().commands();
        int starts = 40;
        for (int i = 0; i < starts; i++) {
            assertEquals(200, alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())).status());
        }
        double perDecision = (stores.lanes().roundTrips() - roundTrips) / (double) starts;
        double commandsPerDecision = (stores.lanes().commands() - commands) / (double) starts;
        assertTrue(perDecision <= 1.5, "round trips per start decision: " + perDecision);
        assertEquals(4.0, commandsPerDecision, 0.5, "one swap per check");
    }
}
