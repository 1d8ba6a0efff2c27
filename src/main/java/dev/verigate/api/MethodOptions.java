package dev.verigate.api;

import dev.verigate.model.OptionRules;
import dev.verigate.model.SinchException;
import dev.verigate.model.StartRequest;
import dev.verigate.model.StartRequest.CalloutOptions;
import dev.verigate.model.StartRequest.FlashCallOptions;
import dev.verigate.model.StartRequest.SmsOptions;
import dev.verigate.model.StartRequest.WhatsappOptions;
import dev.verigate.model.VerificationMethod;
import java.util.regex.Pattern;

/**
 * Checks the option object of a start's method (reference §3.1), in canonical form. The option objects of other
 * methods are not Verigate's to judge: they travel on to Sinch as sent ({@link Forwarded}).
 */
final class MethodOptions {

    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}");

    private MethodOptions() {}

    static StartRequest checkOwn(StartRequest canonical, StartRequest given, VerificationMethod method) {
        return switch (method) {
            case SMS -> with(canonical, sms(given.smsOptions()), null, null, null);
            case FLASHCALL -> with(canonical, null, flashCall(given.flashCallOptions()), null, null);
            case CALLOUT -> with(canonical, null, null, callout(given.calloutOptions()), null);
            case WHATSAPP -> with(canonical, null, null, null, whatsapp(given.whatsappOptions()));
            case SEAMLESS -> canonical;
        };
    }

    private static StartRequest with(
            StartRequest r, SmsOptions sms, FlashCallOptions flash, CalloutOptions callout, WhatsappOptions whatsapp) {
        return new StartRequest(r.identity(), r.method(), r.reference(), r.custom(), sms, flash, callout, whatsapp);
    }

    private static SmsOptions sms(SmsOptions o) {
        if (o == null) {
            return null;
        }
        if (o.expiry() != null) {
            OptionRules.expiry("smsOptions.expiry", o.expiry());
        }
        return new SmsOptions(o.expiry(), codeType(o.codeType(), "smsOptions.codeType"));
    }

    private static FlashCallOptions flashCall(FlashCallOptions o) {
        if (o == null) {
            return null;
        }
        OptionRules.callTimeout("flashCallOptions.dialTimeout", o.dialTimeout());
        OptionRules.callTimeout("flashCallOptions.interceptionTimeout", o.interceptionTimeout());
        return o;
    }

    private static CalloutOptions callout(CalloutOptions o) {
        if (o == null || o.speech() == null || o.speech().locale() == null) {
            return o;
        }
        if (!LOCALE.matcher(o.speech().locale()).matches()) {
            throw SinchException.badRequest("calloutOptions.speech.locale must be a language-region tag like fr-FR.");
        }
        return o;
    }

    private static WhatsappOptions whatsapp(WhatsappOptions o) {
        return o == null ? null : new WhatsappOptions(codeType(o.codeType(), "whatsappOptions.codeType"));
    }

    private static String codeType(String value, String field) {
        return value == null ? null : OptionRules.codeType(field, value);
    }
}
