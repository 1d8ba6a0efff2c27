package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.Flows;
import dev.verigate.testsupport.Gateway;
import dev.verigate.testsupport.SinchTestClient;
import dev.verigate.testsupport.SinchTestClient.Reply;
import dev.verigate.testsupport.TestNumbers;
import java.util.ArrayList;
import java.util.List;

/**
 * Proves that hostile input took nothing. The app "hostile" (%test profile) has start, report and
 * status quotas of 1000 per 1000 days: its buckets start full and never refill a whole token within a
 * run, so the RateLimit headers of legitimate calls made before and after a property count exactly
 * what was taken. Numbers come in pools no legitimate call touched before the property.
 */
final class Ledger {

    private final SinchTestClient app = Gateway.app("hostile");

    /** A verification of the app, to aim reports and lookups at. */
    record Target(String number, String id) {}

    /** What one legitimate report left: the app's, the number's and the verification's tokens. */
    record ReportMarks(long app, long number, long attempts) {}

    SinchTestClient app() {
        return app;
    }

    /** Fresh numbers for a property to aim at. */
    static List<String> pool(int size) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            numbers.add(TestNumbers.next());
        }
        return numbers;
    }

    /** Tokens left in the app's start bucket after one legitimate start to a fresh number. */
    long startsLeft() {
        return Flows.remaining(
                ok(app.post(Gateway.VERIFICATIONS, Gateway.startBody("sms", TestNumbers.next()))), "app-start");
    }

    /**
     * After a property: every pool number starts at once (no cooldown was set) with its full number
     * bucket less this start, and the app's bucket lost only these starts since {@code before}.
     */
    void assertNoStartTaken(long before, List<String> pool) {
        for (int i = 0; i < pool.size(); i++) {
            Reply r = app.post(Gateway.VERIFICATIONS, Gateway.startBody("sms", pool.get(i)));
            assertEquals(200, r.status(), () -> "a hostile input left a cooldown or took the number's quota: " + r);
            assertEquals(2, Flows.remaining(r, "number-start-10m"), "3/10m less this start, for " + pool.get(i));
            assertEquals(before - 1 - i, Flows.remaining(r, "app-start"), "the app's start bucket");
        }
    }

    /** A started verification (sms) of a fresh number. */
    Target target() {
        String number = TestNumbers.next();
        return new Target(number, Flows.startSms(app, number));
    }

    /** One legitimate wrong-code report; what it left. */
    ReportMarks report(Target t) {
        Reply r = ok(
                app.put(Gateway.VERIFICATIONS + "/id/" + t.id(), Flows.smsReport(Flows.wrongCode(t.number(), t.id()))));
        return new ReportMarks(
                Flows.remaining(r, "app-report"),
                Flows.remaining(r, "number-report"),
                Flows.remaining(r, "verification-attempts"));
    }

    /** After a property: a legitimate report sees every bucket less exactly itself. */
    void assertNoReportTaken(ReportMarks before, Target t) {
        assertEquals(
                new ReportMarks(before.app() - 1, before.number() - 1, before.attempts() - 1),
                report(t),
                "app, number and verification report tokens");
    }

    /** Tokens left in the app's status bucket after one legitimate lookup. */
    long statusLeft(Target t) {
        return Flows.remaining(ok(app.get(Gateway.VERIFICATIONS + "/id/" + t.id())), "app-status");
    }

    private static Reply ok(Reply r) {
        Flows.ok(r);
        return r;
    }
}
