package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.Identity;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.VerificationMethod;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a start request the way Sinch does (reference §3.1) and turns it into a {@link StartOrder}.
 * Every refusal is 400/40001 with a message naming the field and what is wrong with it. Options for a
 * method other than the requested one are ignored, as Sinch ignores them.
 */
final class StartValidation {

    static final int MAX_CUSTOM_CHARS = 4096;
    static final int MIN_CALL_TIMEOUT_SECONDS = 5;
    static final int MAX_CALL_TIMEOUT_SECONDS = 120;
    private static final Pattern EXPIRY = Pattern.compile("([0-9]{2}):([0-5][0-9]):([0-5][0-9])");

    private StartValidation() {
    }

    static StartOrder validate(StartRequest request, String acceptLanguage) {
        E164 number = E164.parse(endpoint(request.identity()));
        VerificationMethod method = method(request.method());
        if (request.reference() != null && request.reference().isBlank()) {
            throw SinchException.badRequest("reference must not be blank when present.");
        }
        if (request.custom() != null && request.custom().length() > MAX_CUSTOM_CHARS) {
            throw SinchException.badRequest("custom must be at most " + MAX_CUSTOM_CHARS + " characters.");
        }
        String requestedCodeType = requestedCodeType(request, method);
        CodeType codeType = requestedCodeType == null ? CodeType.NUMERIC : codeType(requestedCodeType, method);
        return new StartOrder(number, method, request.reference(), request.custom(), codeType,
                requestedCodeType != null, expiry(request, method), flashCallTimeouts(request, method),
                SmsTemplates.forLanguage(acceptLanguage), SmsTemplates.languages(acceptLanguage));
    }

    private static String endpoint(Identity identity) {
        if (identity == null) {
            throw SinchException.badRequest("Identity parameter is missing.");
        }
        if (!Identity.NUMBER.equals(identity.type())) {
            throw SinchException.badRequest("identity.type must be 'number'.");
        }
        return identity.endpoint();
    }

    private static VerificationMethod method(String value) {
        if (value == null || value.isBlank()) {
            throw SinchException.badRequest("Method parameter is missing.");
        }
        return VerificationMethod.parse(value).orElseThrow(() -> SinchException.badRequest("Unknown method '"
                + value + "'. Use sms, flashcall, callout, seamless or whatsapp."));
    }

    private static String requestedCodeType(StartRequest request, VerificationMethod method) {
        if (method == VerificationMethod.SMS && request.smsOptions() != null) {
            return request.smsOptions().codeType();
        }
        if (method == VerificationMethod.WHATSAPP && request.whatsappOptions() != null) {
            return request.whatsappOptions().codeType();
        }
        return null;
    }

    private static CodeType codeType(String value, VerificationMethod method) {
        return codeType(method == VerificationMethod.SMS ? "smsOptions.codeType" : "whatsappOptions.codeType", value);
    }

    static CodeType codeType(String field, String value) {
        return CodeType.parse(value).orElseThrow(() -> SinchException.badRequest(
                field + " must be Numeric, Alpha or Alphanumeric."));
    }

    private static Duration expiry(StartRequest request, VerificationMethod method) {
        if (method != VerificationMethod.SMS || request.smsOptions() == null || request.smsOptions().expiry() == null) {
            return null;
        }
        return expiry("smsOptions.expiry", request.smsOptions().expiry());
    }

    /** An {@code HH:MM:SS} expiry, as a start and a request event's answer give it. */
    static Duration expiry(String field, String value) {
        Matcher m = EXPIRY.matcher(value);
        if (!m.matches()) {
            throw SinchException.badRequest(field + " must be HH:MM:SS, for example 00:10:00.");
        }
        Duration expiry = Duration.ofHours(Integer.parseInt(m.group(1)))
                .plusMinutes(Integer.parseInt(m.group(2))).plusSeconds(Integer.parseInt(m.group(3)));
        if (expiry.isZero()) {
            throw SinchException.badRequest(field + " must be longer than 00:00:00.");
        }
        return expiry;
    }

    /** Checks both flash call timeouts; returns the interception timeout (the only one the answer shows). */
    private static Integer flashCallTimeouts(StartRequest request, VerificationMethod method) {
        if (method != VerificationMethod.FLASHCALL || request.flashCallOptions() == null) {
            return null;
        }
        callTimeout("flashCallOptions.dialTimeout", request.flashCallOptions().dialTimeout());
        return callTimeout("flashCallOptions.interceptionTimeout", request.flashCallOptions().interceptionTimeout());
    }

    static Integer callTimeout(String field, Integer seconds) {
        if (seconds != null && (seconds < MIN_CALL_TIMEOUT_SECONDS || seconds > MAX_CALL_TIMEOUT_SECONDS)) {
            throw SinchException.badRequest(field + " must be between " + MIN_CALL_TIMEOUT_SECONDS + " and "
                    + MAX_CALL_TIMEOUT_SECONDS + " seconds.");
        }
        return seconds;
    }
}
