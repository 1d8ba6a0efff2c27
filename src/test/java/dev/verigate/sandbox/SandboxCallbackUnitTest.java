package dev.verigate.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.verigate.model.E164;
import dev.verigate.model.Identity;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import dev.verigate.signing.Credential;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure pieces of the sandbox's events: their JSON, signing, timestamps and the answers' effects. */
class SandboxCallbackUnitTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aResultEventIsSignedLikeTheReferenceVector() throws Exception {
        // signing-vectors.json "computed-callback-result-event": the same bytes the sandbox serializes.
        byte[] body = JSON.writeValueAsBytes(new SinchEvents.ResultEvent(
                "1234567890",
                SinchEvents.RESULT,
                "sms",
                Identity.number("+11235551234"),
                "SUCCESSFUL",
                null,
                "12345",
                "intercepted",
                "string"));
        assertEquals(
                "{\"id\":\"1234567890\",\"event\":\"VerificationResultEvent\",\"method\":\"sms\","
                        + "\"identity\":{\"type\":\"number\",\"endpoint\":\"+11235551234\"},\"status\":\"SUCCESSFUL\","
                        + "\"reference\":\"12345\",\"source\":\"intercepted\",\"custom\":\"string\"}",
                new String(body, StandardCharsets.UTF_8));
        Credential credential = Credential.of("669E367E-6BBA-48AB-AF15-266871C28135", "BeIukql3pTKJ8RGL5zo0DA==");
        assertEquals(
                "Application 669E367E-6BBA-48AB-AF15-266871C28135:z1CWbHk6qOOAg06KBNzyW8yXMwoDuRm6+2hV6Utudeg=",
                CallbackSender.authorization(credential, body, "2014-09-24T10:59:41Z", "/sinch/callback/result"));
    }

    @Test
    void timestampsHaveSevenFractionalDigitsAndAZ() {
        assertEquals(
                "2023-12-01T15:01:20.0406449Z",
                CallbackSender.timestamp(Instant.parse("2023-12-01T15:01:20.0406449Z")));
        assertEquals("2023-12-01T15:01:20.0000000Z", CallbackSender.timestamp(Instant.parse("2023-12-01T15:01:20Z")));
    }

    @Test
    void aRequestEventLeavesOutWhatTheStartDidNotGive() throws Exception {
        String json = JSON.writeValueAsString(SinchEvents.RequestEvent.of("id-1", order(VerificationMethod.CALLOUT)));
        assertEquals(
                "{\"id\":\"id-1\",\"event\":\"VerificationRequestEvent\",\"method\":\"callout\","
                        + "\"identity\":{\"type\":\"number\",\"endpoint\":\"+46701234567\"},"
                        + "\"price\":{\"currencyId\":\"EUR\",\"amount\":0.1852}}",
                json);
    }

    @Test
    void acceptLanguageRangesKeepTheirOrderWithoutWeights() {
        assertEquals(List.of("es-ES", "sv"), SmsTemplates.languages("es-ES, sv;q=0.5"));
        assertEquals(List.of(), SmsTemplates.languages(null));
        assertEquals(List.of(), SmsTemplates.languages(" , "));
    }

    @Test
    void allowAndDeny() {
        StartOrder order = order(VerificationMethod.SMS);
        assertEquals(Admission.allow(order), CallbackOverrides.apply(answer("ALLOW"), order));
        Admission denied = CallbackOverrides.apply(answer("deny"), order);
        assertEquals(Reasons.DENIED_BY_CALLBACK, denied.deniedReason());
        assertFalse(denied.allowed());
        assertThrows(IllegalArgumentException.class, () -> CallbackOverrides.apply(answer(null), order));
        assertThrows(IllegalArgumentException.class, () -> CallbackOverrides.apply(answer("maybe"), order));
    }

    @Test
    void anSmsObjectShapesTheSms() {
        Admission a = CallbackOverrides.apply(
                new CallbackAnswer(
                        "allow",
                        new CallbackAnswer.Sms("ab12", "Alphanumeric", "00:00:30", List.of("sv-SE")),
                        null,
                        null,
                        null),
                order(VerificationMethod.SMS));
        assertEquals("ab12", a.secret());
        assertEquals(CodeType.ALPHANUMERIC, a.order().codeType());
        assertTrue(a.order().codeTypeRequested());
        assertEquals(Duration.ofSeconds(30), a.order().expiry());
        assertEquals(SmsTemplates.SWEDISH, a.order().template());
        assertThrows(
                SinchException.class,
                () -> CallbackOverrides.apply(
                        new CallbackAnswer(
                                "allow", new CallbackAnswer.Sms(null, null, "10 min", null), null, null, null),
                        order(VerificationMethod.SMS)));
    }

    @Test
    void aFlashCallObjectSetsTheCliAndTimeoutsInRange() {
        Admission a = CallbackOverrides.apply(
                new CallbackAnswer("allow", null, new CallbackAnswer.FlashCall("+46701231000", 10, 30), null, null),
                order(VerificationMethod.FLASHCALL));
        assertEquals("+46701231000", a.secret());
        assertEquals(30, a.order().interceptionTimeoutSeconds());
        assertThrows(
                SinchException.class,
                () -> CallbackOverrides.apply(
                        new CallbackAnswer("allow", null, new CallbackAnswer.FlashCall(null, 121, null), null, null),
                        order(VerificationMethod.FLASHCALL)));
        assertThrows(
                SinchException.class,
                () -> CallbackOverrides.apply(
                        new CallbackAnswer("allow", null, new CallbackAnswer.FlashCall("12", null, null), null, null),
                        order(VerificationMethod.FLASHCALL)));
    }

    @Test
    void onlyTheObjectOfTheEventsMethodCounts() {
        StartOrder flashCall = order(VerificationMethod.FLASHCALL);
        CallbackAnswer smsOnly =
                new CallbackAnswer("allow", new CallbackAnswer.Sms("1234", null, null, null), null, null, null);
        assertEquals(Admission.allow(flashCall), CallbackOverrides.apply(smsOnly, flashCall));
        Admission whatsapp = CallbackOverrides.apply(
                new CallbackAnswer("allow", null, null, null, new CallbackAnswer.Whatsapp("Alpha")),
                order(VerificationMethod.WHATSAPP));
        assertEquals(CodeType.ALPHA, whatsapp.order().codeType());
        assertNull(whatsapp.secret());
    }

    private static CallbackAnswer answer(String action) {
        return new CallbackAnswer(action, null, null, null, null);
    }

    private static StartOrder order(VerificationMethod method) {
        return new StartOrder(
                new E164("+46701234567", "SE"),
                method,
                null,
                null,
                CodeType.NUMERIC,
                false,
                null,
                null,
                SmsTemplates.ENGLISH,
                List.of());
    }
}
