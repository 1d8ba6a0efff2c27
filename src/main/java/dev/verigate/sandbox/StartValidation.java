package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.Identity;
import dev.verigate.model.OptionRules;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.VerificationMethod;
import java.time.Duration;

/**
 * Checks a start request the way Sinch does (reference §3.1) and turns it into a {@link StartOrder}.
 * Every refusal is 400/40001 with a message naming the field and what is wrong with it. Options for a
 * method other than the requested one are ignored, as Sinch ignores them.
 */
final class StartValidation {

    private StartValidation() {}

    static StartOrder validate(StartRequest request, String acceptLanguage) {
        E164 number = E164.parse(endpoint(request.identity()));
        VerificationMethod method = method(request.method());
        if (request.reference() != null && request.reference().isBlank()) {
            throw SinchException.badRequest("reference must not be blank when present.");
        }
        OptionRules.custom(request.custom());
        String requestedCodeType = requestedCodeType(request, method);
        CodeType codeType = requestedCodeType == null ? CodeType.NUMERIC : codeType(requestedCodeType, method);
        return new StartOrder(
                number,
                method,
                request.reference(),
                request.custom(),
                codeType,
                requestedCodeType != null,
                expiry(request, method),
                flashCallTimeouts(request, method),
                SmsTemplates.forLanguage(acceptLanguage),
                SmsTemplates.languages(acceptLanguage));
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
        return VerificationMethod.parse(value)
                .orElseThrow(() -> SinchException.badRequest(
                        "Unknown method '" + value + "'. Use sms, flashcall, callout, seamless or whatsapp."));
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
        return CodeType.of(OptionRules.codeType(field, value));
    }

    private static Duration expiry(StartRequest request, VerificationMethod method) {
        if (method != VerificationMethod.SMS
                || request.smsOptions() == null
                || request.smsOptions().expiry() == null) {
            return null;
        }
        return OptionRules.expiry("smsOptions.expiry", request.smsOptions().expiry());
    }

    /** Checks both flash call timeouts; returns the interception timeout (the only one the answer shows). */
    private static Integer flashCallTimeouts(StartRequest request, VerificationMethod method) {
        if (method != VerificationMethod.FLASHCALL || request.flashCallOptions() == null) {
            return null;
        }
        OptionRules.callTimeout(
                "flashCallOptions.dialTimeout", request.flashCallOptions().dialTimeout());
        return OptionRules.callTimeout(
                "flashCallOptions.interceptionTimeout",
                request.flashCallOptions().interceptionTimeout());
    }
}
