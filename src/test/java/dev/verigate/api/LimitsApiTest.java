package dev.verigate.api;

import static dev.verigate.testsupport.Gateway.VERIFICATIONS;
import static dev.verigate.testsupport.Gateway.startBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verigate.sandbox.SandboxTraffic;
import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The limits as apps meet them, counted at the upstream. Test config (application.properties,
 * %test): app "limited" may start 5 per hour, app "watcher" look up 3 per hour; numbers 3/10m,10/24h with a
 * 30 s cooldown; Norway 2 per hour; Finland and the +4478 prefix blocked; 5 reports per verification.
 */
@QuarkusTest
class LimitsApiTest {

    @Inject
    SandboxTraffic traffic;

    private final SinchTestClient alpha = Gateway.alpha();
    private final SinchTestClient limited = Gateway.app("limited");

    private static void assert429(Reply r, int code, long minRetryAfter, long maxRetryAfter) {
        assertEquals(429, r.status(), r::toString);
        assertEquals(code, r.json().get("errorCode").asInt(), r::toString);
        long retryAfter = Long.parseLong(r.header("Retry-After"));
        assertTrue(retryAfter >= minRetryAfter && retryAfter <= maxRetryAfter, "Retry-After " + retryAfter);
        assertTrue(r.header("RateLimit-Policy").contains("q="), r.headers()::toString);
    }

    @Test
    void theAppStartQuotaIsExactAndARejectedStartCostsTheNumberNothing() {
        long before = traffic.startsCreated();
        for (int i = 0; i < 5; i++) {
            Reply r = limited.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
            assertEquals(200, r.status(), r::toString);
            assertEquals(4 - i, Flows.remaining(r, "app-start"));
        }
        String sixth = TestNumbers.next();
        // 5 per hour: the next token comes 720 s after the first was taken.
        assert429(limited.post(VERIFICATIONS, startBody("sms", sixth)), 42900, 700, 720);
        assertEquals(before + 5, traffic.startsCreated(), "exactly 5 starts reached Sinch");
        // The rejected start took the sixth number's token and cooldown slot, then gave both back:
        // alpha's first start to it sees 3 - 1 = 2 tokens left, and is not held by a cooldown.
        Reply alphaToSixth = alpha.post(VERIFICATIONS, startBody("sms", sixth));
        assertEquals(200, alphaToSixth.status(), alphaToSixth::toString);
        assertEquals(2, Flows.remaining(alphaToSixth, "number-start-10m"));
    }

    /**
     * Each rate is its own quota in both fields, so every RateLimit item has a policy of the same name whose window
     * its {@code t} fits: 3/10m,10/24h after one start is 2 left for 200 s and 9 left for 8,640 s.
     */
    @Test
    void theRateLimitFieldsDescribeEachRateOfARuleConsistently() {
        Reply r = alpha.post(VERIFICATIONS, startBody("sms", TestNumbers.next()));
        assertEquals(200, r.status(), r::toString);
        String policy = r.header("RateLimit-Policy");
        assertTrue(policy.contains("\"number-start-10m\";q=3;w=600"), policy);
        assertTrue(policy.contains("\"number-start-24h\";q=10;w=86400"), policy);
        java.util.Map<String, long[]> live = new java.util.HashMap<>();
        for (String item : r.header("RateLimit").split(",")) {
            String[] parts = item.strip().split(";");
            live.put(
                    parts[0].replace("\"", ""),
                    new long[] {Long.parseLong(parts[1].substring(2)), Long.parseLong(parts[2].substring(2))});
        }
        assertEquals(2, live.get("number-start-10m")[0], r.header("RateLimit"));
        assertTrue(
                live.get("number-start-10m")[1] >= 199 && live.get("number-start-10m")[1] <= 200,
                r.header("RateLimit"));
        assertEquals(9, live.get("number-start-24h")[0], r.header("RateLimit"));
        assertTrue(
                live.get("number-start-24h")[1] >= 8639 && live.get("number-start-24h")[1] <= 8640,
                r.header("RateLimit"));
        for (String name : live.keySet()) {
            java.util.regex.Matcher window = java.util.regex.Pattern.compile("\"" + name + "\";q=(\\d+);w=(\\d+)")
                    .matcher(policy);
            assertTrue(window.find(), () -> name + " has no policy in " + policy);
            assertTrue(live.get(name)[0] <= Long.parseLong(window.group(1)), name);
            assertTrue(live.get(name)[1] <= Long.parseLong(window.group(2)), name + ": t beyond its window");
        }
    }

    @Test
    void theCooldownHoldsTheSameNumberAndASuccessResetsIt() {
        String n = TestNumbers.next();
        String first = Flows.startSms(alpha, n);
        Reply again = alpha.post(VERIFICATIONS, startBody("sms", n));
        assert429(again, 42901, 29, 30);
        Flows.verify(alpha, n, first);
        Reply afterSuccess = alpha.post(VERIFICATIONS, startBody("sms", n));
        assertEquals(200, afterSuccess.status(), afterSuccess::toString);
        // Two starts went through (3 - 2); the one the cooldown refused took nothing.
        assertEquals(1, Flows.remaining(afterSuccess, "number-start-10m"));
    }

    @Test
    void theNumberRatesHoldEvenWhenEveryVerificationSucceeds() {
        String n = TestNumbers.next();
        long before = traffic.startsCreated();
        for (int i = 0; i < 3; i++) {
            Flows.verify(alpha, n, Flows.startSms(alpha, n));
        }
        // 3 per 10 minutes: the fourth waits for one token, 200 s.
        assert429(alpha.post(VERIFICATIONS, startBody("sms", n)), 42901, 190, 200);
        assertEquals(before + 3, traffic.startsCreated());
    }

    @Test
    void blockedCountriesAndPrefixesAre403WithoutSinch() {
        long before = traffic.requests();
        for (String n : new String[] {"+358401234567", "+447812345678"}) {
            Reply r = alpha.post(VERIFICATIONS, startBody("sms", n));
            assertEquals(403, r.status(), r::toString);
            assertEquals(40300, r.json().get("errorCode").asInt());
        }
        assertEquals(before, traffic.requests());
        assertEquals(
                200,
                alpha.post(VERIFICATIONS, startBody("sms", "+447400123456")).status(),
                "other UK numbers pass");
    }

    @Test
    void aCountryOverrideCapsThatCountry() {
        assertEquals(
                200, alpha.post(VERIFICATIONS, startBody("sms", "+4741234567")).status());
        assertEquals(
                200, alpha.post(VERIFICATIONS, startBody("sms", "+4792345678")).status());
        Reply third = alpha.post(VERIFICATIONS, startBody("sms", "+4748123456"));
        assert429(third, 42900, 1700, 1800);
        assertTrue(third.json().get("message").asText().contains("country"), third::toString);
    }

    @Test
    void aVerificationTakesFiveReportsThenIsLocked() {
        String n = TestNumbers.next();
        String id = Flows.startSms(alpha, n);
        String wrong = Flows.wrongCode(n, id);
        for (int i = 0; i < 5; i++) {
            assertEquals(
                    "FAIL",
                    Flows.ok(alpha.put(VERIFICATIONS + "/id/" + id, Flows.smsReport(wrong)))
                            .get("status")
                            .asText());
        }
        long before = traffic.requests();
        Reply sixth = alpha.put(VERIFICATIONS + "/id/" + id, Flows.smsReport(Flows.delivered(n, id)));
        assert429(sixth, 42900, 1, 24 * 3600);
        assertEquals(before, traffic.requests(), "the locked report never reached Sinch");
    }

    @Test
    void statusLookupsHaveTheirOwnQuotaWhichUnknownIdsSpendToo() {
        SinchTestClient watcher = Gateway.app("watcher");
        String id = Flows.startSms(watcher, TestNumbers.next());
        Reply ok = watcher.get(VERIFICATIONS + "/id/" + id);
        assertEquals(200, ok.status(), ok::toString);
        assertEquals(2, Flows.remaining(ok, "app-status"));
        // An id without a record is looked up at Sinch (ownership recovery), from the same quota: asking about ids
        // one does not own is no cheaper than asking about one's own.
        for (int i = 0; i < 2; i++) {
            assertEquals(
                    404,
                    watcher.get(VERIFICATIONS + "/id/00000000-0000-4000-8000-00000000000" + i)
                            .status());
        }
        // 3 per hour, all spent: one token every 1200 s.
        assert429(watcher.get(VERIFICATIONS + "/id/" + id), 42900, 1100, 1200);
        assert429(watcher.get(VERIFICATIONS + "/id/00000000-0000-4000-8000-000000000009"), 42900, 1100, 1200);
    }

    @Test
    void aCarrierFailureGivesTheNumberItsTokenBack() {
        String n = TestNumbers.magic("0410");
        Reply started = alpha.post(VERIFICATIONS, startBody("sms", n));
        assertEquals(2, Flows.remaining(started, "number-start-10m"));
        String id = started.json().get("id").asText();
        assertEquals(
                "ERROR",
                Flows.ok(alpha.get(VERIFICATIONS + "/id/" + id)).get("status").asText());
        // The cooldown still holds the number, but its bucket is full again: r=3 in the refusal.
        Reply next = alpha.post(VERIFICATIONS, startBody("sms", n));
        assert429(next, 42901, 1, 30);
        assertEquals(3, Flows.remaining(next, "number-start-10m"));
    }
}
