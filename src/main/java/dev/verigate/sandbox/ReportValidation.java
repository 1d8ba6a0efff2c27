package dev.verigate.sandbox;

import dev.verigate.model.ReportRequest;
import dev.verigate.model.SinchException;
import dev.verigate.model.VerificationMethod;
import java.util.regex.Pattern;

/** Checks a report body (reference §3.3): a known, reportable method and its object with the code or CLI. */
final class ReportValidation {

    /** Sinch's older errors page: a code is at most 10 of {@code A-Z a-z 0-9 -}. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9-]{1,10}");

    private ReportValidation() {}

    static VerificationMethod method(ReportRequest report) {
        if (report.method() == null || report.method().isBlank()) {
            throw SinchException.badRequest("Method parameter is missing.");
        }
        return VerificationMethod.parse(report.method())
                .filter(VerificationMethod::reportable)
                .orElseThrow(() -> SinchException.badRequest("Unknown method '" + report.method()
                        + "' for a report. Use sms, flashcall, callout or whatsapp."));
    }

    /** The code (or, for flashcall, the caller id) the user presents. */
    static String presented(ReportRequest report, VerificationMethod method) {
        return switch (method) {
            case SMS -> code("sms", report.sms());
            case CALLOUT -> code("callout", report.callout());
            case WHATSAPP -> code("whatsapp", report.whatsapp());
            case FLASHCALL -> cli(report.flashCall());
            case SEAMLESS -> throw new IllegalArgumentException("seamless has no report");
        };
    }

    private static String code(String field, ReportRequest.Code code) {
        if (code == null || code.code() == null || code.code().isBlank()) {
            throw SinchException.badRequest(field + ".code is missing.");
        }
        return code(field + ".code", code.code());
    }

    /** A code as Sinch accepts one, whether a user reports it or a request event's answer sets it. */
    static String code(String field, String code) {
        if (!CODE.matcher(code).matches()) {
            throw SinchException.badRequest(field + " must be 1-10 letters, digits or '-'.");
        }
        return code;
    }

    private static String cli(ReportRequest.Cli cli) {
        if (cli == null || cli.cli() == null || cli.cli().isBlank()) {
            throw SinchException.badRequest("flashCall.cli is missing.");
        }
        return cli.cli();
    }
}
