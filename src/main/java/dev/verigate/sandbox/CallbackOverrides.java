package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.OptionRules;
import dev.verigate.model.SinchException;
import java.time.Duration;
import java.util.Locale;

/**
 * Applies a request event's answer to a start (reference §6.1): {@code deny} denies it, {@code allow}
 * lets it go ahead with whatever the object of the event's method sets. Objects of other methods are
 * ignored. An answer Sinch would not accept (another action, a value out of range) throws, and the
 * caller treats it as {@code Invalid callback}.
 */
final class CallbackOverrides {

    private CallbackOverrides() {}

    /**
     * @throws IllegalArgumentException for an action other than allow or deny
     * @throws SinchException for a value the start itself would have refused, its message naming the field
     */
    static Admission apply(CallbackAnswer answer, StartOrder order) {
        String action = answer.action() == null ? "" : answer.action().strip().toLowerCase(Locale.ROOT);
        return switch (action) {
            case "allow" -> allow(answer, order);
            case "deny" -> Admission.deny(order, Reasons.DENIED_BY_CALLBACK);
            default ->
                throw new IllegalArgumentException("action must be allow or deny, was '" + answer.action() + "'");
        };
    }

    private static Admission allow(CallbackAnswer answer, StartOrder order) {
        return switch (order.method()) {
            case SMS -> answer.sms() == null ? Admission.allow(order) : sms(answer.sms(), order);
            case FLASHCALL ->
                answer.flashCall() == null ? Admission.allow(order) : flashCall(answer.flashCall(), order);
            case CALLOUT ->
                answer.callout() == null || answer.callout().code() == null
                        ? Admission.allow(order)
                        : new Admission(
                                order,
                                ReportValidation.code(
                                        "callout.code", answer.callout().code()),
                                null);
            case WHATSAPP ->
                answer.whatsapp() == null || answer.whatsapp().codeType() == null
                        ? Admission.allow(order)
                        : Admission.allow(withCodeType(
                                order, "whatsapp.codeType", answer.whatsapp().codeType()));
            case SEAMLESS -> Admission.allow(order);
        };
    }

    private static Admission sms(CallbackAnswer.Sms sms, StartOrder order) {
        StartOrder shaped = sms.codeType() == null ? order : withCodeType(order, "sms.codeType", sms.codeType());
        Duration expiry = sms.expiry() == null ? order.expiry() : OptionRules.expiry("sms.expiry", sms.expiry());
        // The answer's languages replace the caller's, as they would on Sinch.
        String template = sms.acceptLanguage() == null
                ? order.template()
                : SmsTemplates.forLanguage(String.join(",", sms.acceptLanguage()));
        String code = sms.code() == null ? null : ReportValidation.code("sms.code", sms.code());
        return new Admission(
                shaped.reshaped(
                        shaped.codeType(),
                        shaped.codeTypeRequested(),
                        expiry,
                        order.interceptionTimeoutSeconds(),
                        template),
                code,
                null);
    }

    private static Admission flashCall(CallbackAnswer.FlashCall flashCall, StartOrder order) {
        OptionRules.callTimeout("flashCall.dialTimeout", flashCall.dialTimeout());
        Integer interception = flashCall.interceptionTimeout() == null
                ? order.interceptionTimeoutSeconds()
                : OptionRules.callTimeout("flashCall.interceptionTimeout", flashCall.interceptionTimeout());
        // A CLI is a number the app owns: it must be one Sinch could call from.
        String cli =
                flashCall.cli() == null ? null : E164.parse(flashCall.cli()).number();
        return new Admission(
                order.reshaped(
                        order.codeType(), order.codeTypeRequested(), order.expiry(), interception, order.template()),
                cli,
                null);
    }

    /** An answer's code type counts as chosen, so the start's answer echoes it as a requested one would be. */
    private static StartOrder withCodeType(StartOrder order, String field, String codeType) {
        return order.reshaped(
                StartValidation.codeType(field, codeType),
                true,
                order.expiry(),
                order.interceptionTimeoutSeconds(),
                order.template());
    }
}
