package dev.verigate.limits;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.limits.redis.RedisLimitStores;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * Counts (not times) the Redis traffic of starts for a stream of distinct numbers, one at a time: each
 * decision's four checks (app, country, number bucket, cooldown) are one pipelined write of four commands, against
 * Bucket4j's naive 3 round trips for a new key plus 2 per existing bucket; the start's two ownership records go
 * together in one more write, on the same connection. Before the decision, the signed request's replay record
 * (signing.ReplayGuard) is one SET of its own.
 */
@QuarkusTest
class DecisionRoundTripsTest {

    @Inject
    LimitStores limitStores;

    /** The Redis limits' own gauges (this test runs on the Redis store). */
    private RedisLimitStores stores() {
        return (RedisLimitStores) limitStores;
    }

    @Test
    void aStreamOfDistinctNumbersCostsOneWriteForTheDecisionAndOneForTheRecords() {
        SinchTestClient alpha = Gateway.alpha();
        alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next())); // this replica learns the hot keys
        long roundTrips = stores().lanes().roundTrips();
        long commands = stores().lanes().commands();
        int starts = 40;
        for (int i = 0; i < starts; i++) {
            assertEquals(
                    200,
                    alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()))
                            .status());
        }
        double perStart = (stores().lanes().roundTrips() - roundTrips) / (double) starts;
        double commandsPerStart = (stores().lanes().commands() - commands) / (double) starts;
        assertTrue(perStart <= 3.5, "writes to Redis per start (replay record, decision, ownership): " + perStart);
        assertEquals(7.0, commandsPerStart, 0.5, "the replay SET, one swap per check, two ownership SETs");
    }
}
