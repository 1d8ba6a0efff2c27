package dev.verigate.sandbox;

import dev.verigate.model.Identity;
import dev.verigate.model.Link;
import dev.verigate.model.ReportResponse;
import dev.verigate.model.StartResponse;
import dev.verigate.model.StatusResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Turns a {@link Verification} into Sinch's start, report and status answers (reference §3.2–3.5). */
final class Answers {

    /** Seconds an SMS client should wait for the message; the value Sinch's own mock answers. */
    static final int SMS_INTERCEPTION_TIMEOUT_SECONDS = 198;
    /** Flash call defaults as Sinch's mock answers them: 45 s interception, report window 30 s longer. */
    static final int FLASHCALL_INTERCEPTION_TIMEOUT_SECONDS = 45;

    static final int FLASHCALL_REPORT_WINDOW_SECONDS = 30;
    /** Sinch writes UTC without a zone designator and with 7 fractional digits (.NET style). */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSS").withZone(ZoneOffset.UTC);

    private Answers() {}

    /** @param sandboxBase the absolute URL of {@code /sandbox} as the request reached it */
    static StartResponse started(Verification v, StartOrder order, String sandboxBase) {
        String self = sandboxBase + "/verification/v1/verifications/id/" + v.id();
        List<Link> links = List.of(new Link("status", self, "GET"), new Link("report", self, "PUT"));
        String method = v.method().wire();
        return switch (v.method()) {
            case SMS ->
                new StartResponse(
                        v.id(),
                        method,
                        new StartResponse.Sms(
                                order.template(),
                                SMS_INTERCEPTION_TIMEOUT_SECONDS,
                                order.codeTypeRequested() ? order.codeType().wire() : null),
                        null,
                        null,
                        null,
                        links);
            case FLASHCALL -> new StartResponse(v.id(), method, null, flashCall(v, order), null, null, links);
            case CALLOUT -> new StartResponse(v.id(), method, null, null, null, null, links);
            case SEAMLESS ->
                new StartResponse(
                        v.id(),
                        method,
                        null,
                        null,
                        new StartResponse.Seamless(sandboxBase + "/seamless/" + v.id()),
                        null,
                        links);
            case WHATSAPP ->
                new StartResponse(
                        v.id(),
                        method,
                        null,
                        null,
                        null,
                        new StartResponse.Whatsapp(order.codeType().wire()),
                        links);
        };
    }

    static ReportResponse reported(Verification v) {
        return new ReportResponse(v.id(), v.method().wire(), v.status().name(), v.reason(), v.callComplete());
    }

    static StatusResponse status(Verification v) {
        return new StatusResponse(
                v.id(),
                v.method().wire(),
                v.status().name(),
                v.reason(),
                v.reference(),
                Identity.number(v.number()),
                v.countryId(),
                timestamp(v.changedAt()),
                Prices.of(v.method()),
                v.source(),
                v.callComplete(),
                v.callResult());
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant);
    }

    private static StartResponse.FlashCall flashCall(Verification v, StartOrder order) {
        int interception = order.interceptionTimeoutSeconds() != null
                ? order.interceptionTimeoutSeconds()
                : FLASHCALL_INTERCEPTION_TIMEOUT_SECONDS;
        String cli = v.secret();
        String filter = "(.*)" + cli.substring(cli.length() - CodeType.LENGTH) + "(.*)";
        return new StartResponse.FlashCall(
                filter, interception, interception + FLASHCALL_REPORT_WINDOW_SECONDS, 0, v.id());
    }
}
