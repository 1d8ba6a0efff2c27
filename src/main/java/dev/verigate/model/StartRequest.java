package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** Body of {@code POST /verification/v1/verifications} (reference §3.1). Unknown fields are ignored. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record StartRequest(
        Identity identity,
        String method,
        String reference,
        String custom,
        SmsOptions smsOptions,
        FlashCallOptions flashCallOptions,
        CalloutOptions calloutOptions,
        WhatsappOptions whatsappOptions) {

    /** The same request carrying another reference (the gateway namespaces references upstream). */
    public StartRequest withReference(String newReference) {
        return new StartRequest(
                identity, method, newReference, custom, smsOptions, flashCallOptions, calloutOptions, whatsappOptions);
    }

    /** The same request with the method in its canonical lower-case wire form. */
    public StartRequest withMethod(VerificationMethod m) {
        return new StartRequest(
                identity, m.wire(), reference, custom, smsOptions, flashCallOptions, calloutOptions, whatsappOptions);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SmsOptions(String expiry, String codeType) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FlashCallOptions(Integer dialTimeout, Integer interceptionTimeout) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CalloutOptions(Speech speech) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Speech(String locale) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WhatsappOptions(String codeType) {}
}
