package dev.verigate.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.verigate.model.ReportRequest;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import java.util.regex.Pattern;

/**
 * A report body that passed every check: a reportable method and its code or CLI, and the body Sinch gets (the
 * app's, those fields laid over it: {@link Forwarded}).
 */
record ValidReport(ReportRequest request, ObjectNode forwarded, VerificationMethod method) {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,16}");
    private static final Pattern CLI = Pattern.compile("\\+?[0-9]{3,20}");

    static ValidReport of(ReportRequest r, ObjectNode body) {
        VerificationMethod method = VerificationMethod.parse(r.method())
                .filter(VerificationMethod::reportable)
                .orElseThrow(
                        () -> SinchException.badRequest("method must be one of sms, flashcall, callout, whatsapp."));
        ReportRequest canonical = switch (method) {
            case SMS -> new ReportRequest(method.wire(), code(r.sms(), "sms"), null, null, null);
            case FLASHCALL -> new ReportRequest(method.wire(), null, cli(r.flashCall()), null, null);
            case CALLOUT -> new ReportRequest(method.wire(), null, null, code(r.callout(), "callout"), null);
            case WHATSAPP -> new ReportRequest(method.wire(), null, null, null, code(r.whatsapp(), "whatsapp"));
            case SEAMLESS -> throw new IllegalStateException("seamless is not reportable");
        };
        return new ValidReport(canonical, Forwarded.of(body, canonical), method);
    }

    private static ReportRequest.Code code(ReportRequest.Code c, String field) {
        if (c == null || c.code() == null) {
            throw SinchException.badRequest(field + ".code is required.");
        }
        if (!CODE.matcher(c.code()).matches()) {
            throw SinchException.badRequest(field + ".code must be 1-16 letters, digits or '-'.");
        }
        return c;
    }

    private static ReportRequest.Cli cli(ReportRequest.Cli c) {
        if (c == null || c.cli() == null) {
            throw SinchException.badRequest("flashCall.cli is required.");
        }
        if (!CLI.matcher(c.cli()).matches()) {
            throw SinchException.badRequest("flashCall.cli must be the caller's number in international format.");
        }
        return c;
    }
}
