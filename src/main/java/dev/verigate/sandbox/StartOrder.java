package dev.verigate.sandbox;

import dev.verigate.model.E164;
import dev.verigate.model.VerificationMethod;
import java.time.Duration;
import java.util.List;

/**
 * A start request that passed validation, in the sandbox's terms.
 *
 * @param codeType the effective code type (Numeric unless the sms/whatsapp options chose another)
 * @param codeTypeRequested whether the caller chose it (then the sms answer echoes it)
 * @param expiry the requested {@code smsOptions.expiry}, or null for the configured default
 * @param interceptionTimeoutSeconds the requested flash call interception timeout, or null for the default
 * @param template the SMS template picked by {@code Accept-Language}
 * @param acceptLanguage the {@code Accept-Language} ranges as given, empty without the header
 */
record StartOrder(
        E164 number,
        VerificationMethod method,
        String reference,
        String custom,
        CodeType codeType,
        boolean codeTypeRequested,
        Duration expiry,
        Integer interceptionTimeoutSeconds,
        String template,
        List<String> acceptLanguage) {

    /** The same order as a request event's answer reshaped it. */
    StartOrder reshaped(
            CodeType newCodeType,
            boolean newCodeTypeRequested,
            Duration newExpiry,
            Integer newInterceptionTimeoutSeconds,
            String newTemplate) {
        return new StartOrder(
                number,
                method,
                reference,
                custom,
                newCodeType,
                newCodeTypeRequested,
                newExpiry,
                newInterceptionTimeoutSeconds,
                newTemplate,
                acceptLanguage);
    }
}
