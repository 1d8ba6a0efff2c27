package dev.verigate.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.verigate.testsupport.Gateway;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;

/**
 * Hostile bodies on the start and report endpoints, correctly signed by app "hostile" so that only the
 * body is wrong: random and broken JSON, wrong types, huge and deep JSON, invalid UTF-8, E.164 edge
 * cases. Every answer is a Sinch refusal, no try reaches Sinch (the sandbox's request counter, checked
 * per try), and afterwards the numbers aimed at and the app's buckets are intact ({@link Ledger}).
 */
@QuarkusTest
class HostileBodiesTest extends HostileEndpointTest {

    private static final String START = Gateway.VERIFICATIONS;

    /** A property on signed starts to a pool of numbers, with the start ledger checked afterwards. */
    private void startProperty(
            String name,
            java.util.function.Function<String, Arbitrary<byte[]>> bodies,
            Consumer<RawHttp.Answer> expect) {
        List<String> pool = Ledger.pool(3);
        long startsLeft = ledger.startsLeft();
        Arbitrary<RawHttp.Request> requests =
                Arbitraries.oneOf(pool.stream().map(bodies).toList()).map(body -> app.sign("POST", START, body));
        Tries.check(name, requests, r -> expect.accept(refusedWithoutSinch(r)));
        ledger.assertNoStartTaken(startsLeft, pool);
    }

    /** A property on signed reports by id and by number of one live verification, ledger checked afterwards. */
    private void reportProperty(String name, Arbitrary<byte[]> bodies, Consumer<RawHttp.Answer> expect) {
        Ledger.Target target = ledger.target();
        Ledger.ReportMarks marks = ledger.report(target);
        Arbitrary<RawHttp.Request> requests = Combinators.combine(
                        Arbitraries.of(START + "/id/" + target.id(), START + "/number/" + target.number()), bodies)
                .as((path, body) -> app.sign("PUT", path, body));
        Tries.check(name, requests, r -> expect.accept(refusedWithoutSinch(r)));
        ledger.assertNoReportTaken(marks, target);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Consumer<RawHttp.Answer> is(int status, int code) {
        return a -> Answers.refused(a, status, code);
    }

    /** Refused with the first of these (status, code) pairs whose status matches. */
    private static Consumer<RawHttp.Answer> isOneOf(int... statusAndCode) {
        return a -> {
            for (int i = 0; i < statusAndCode.length; i += 2) {
                if (a.status() == statusAndCode[i]) {
                    Answers.refused(a, statusAndCode[i], statusAndCode[i + 1]);
                    return;
                }
            }
            throw new AssertionError("unexpected status: " + a);
        };
    }

    @Test
    void randomAndBrokenJsonStartsAre40001() {
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(Hostile.json().map(HostileBodiesTest::utf8), Hostile.brokenJson());
        startProperty("random JSON starts", n -> bodies, is(400, 40001));
    }

    @Test
    void randomAndBrokenJsonReportsAre40001() {
        reportProperty(
                "random JSON reports",
                Arbitraries.oneOf(Hostile.json().map(HostileBodiesTest::utf8), Hostile.brokenJson()),
                is(400, 40001));
    }

    @Test
    void wrongTypesInStartsAre40001() {
        startProperty(
                "wrong-typed starts", n -> Hostile.wrongTypedStart(n).map(HostileBodiesTest::utf8), is(400, 40001));
    }

    @Test
    void wrongTypesInReportsAre40001() {
        // By number, a report of another method finds no verification of that method: 404.
        reportProperty(
                "wrong-typed reports",
                Hostile.wrongTypedReport().map(HostileBodiesTest::utf8),
                isOneOf(400, 40001, 404, 40400));
    }

    @Test
    void deepAndHugeStartsAre400Or413() {
        int max = (int) auth.maxBodySize().asLongValue();
        startProperty(
                "deep and huge starts",
                n -> Arbitraries.oneOf(
                        Hostile.deepStart(n),
                        Hostile.deepAlone(),
                        Hostile.hugeStart(n, max),
                        Hostile.oversizedValues(n)),
                isOneOf(413, 41390, 400, 40001));
    }

    @Test
    void hugeReportsAre413() {
        int max = (int) auth.maxBodySize().asLongValue();
        reportProperty("huge reports", Hostile.hugeStart("+46701234567", max), is(413, 41390));
    }

    @Test
    void invalidUtf8StartsAre40001() {
        startProperty("invalid UTF-8 starts", Hostile::invalidUtf8Start, is(400, 40001));
    }

    @Test
    void e164EdgeCasesInStartsAre400Or403() {
        startProperty(
                "E.164 edge cases in starts",
                n -> Hostile.badNumbers()
                        .map(bad -> utf8(JsonTree.start("sms", n)
                                .set("identity.endpoint", Hostile.quote(bad))
                                .toJson())),
                isOneOf(403, 40300, 400, 40001));
    }

    @Test
    void e164EdgeCasesInPathsAre400Or404() {
        Ledger.Target target = ledger.target();
        long statusLeft = ledger.statusLeft(target);
        Ledger.ReportMarks marks = ledger.report(target);
        long lookups = traffic.lookups();
        Arbitrary<RawHttp.Request> requests = Combinators.combine(Hostile.badNumbers(), Arbitraries.of("PUT", "GET"))
                .as((bad, method) -> {
                    String encoded = URLEncoder.encode(bad, StandardCharsets.UTF_8)
                            .replace("+", "%20")
                            .replace("%2B", "+");
                    return method.equals("PUT")
                            ? app.sign(
                                    "PUT",
                                    START + "/number/" + encoded,
                                    utf8(JsonTree.report("sms").toJson()))
                            : app.sign("GET", START + "/sms/number/" + encoded, null);
                });
        Tries.check(
                "E.164 edge cases in paths",
                requests,
                r -> isOneOf(400, 40001, 404, 40400).accept(refusedWithoutSinch(r)));
        // An edge case that is still a number, without a record of the app's there, was looked up at Sinch
        // (ownership recovery): each such lookup is a status call from the app's quota, and nothing else is.
        long recoveries = traffic.lookups() - lookups;
        ledger.assertNoReportTaken(marks, target);
        assertEquals(statusLeft - 1 - recoveries, ledger.statusLeft(target), "the app's status bucket");
    }
}
