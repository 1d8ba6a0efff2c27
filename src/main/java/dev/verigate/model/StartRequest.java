package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The fields of {@code POST /verification/v1/verifications} that Verigate interprets (reference §3.1). A body may
 * carry others; they are not read here and travel on to Sinch unchanged.
 */
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
