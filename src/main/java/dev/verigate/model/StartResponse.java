package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * Answer to {@code POST /verification/v1/verifications} (reference §3.2): {@code id} and {@code method}
 * (required by the Java SDK, which routes on {@code method}), at most one method object, and
 * {@code _links}. A callout start has no method object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record StartResponse(
        String id,
        String method,
        Sms sms,
        FlashCall flashCall,
        Seamless seamless,
        Whatsapp whatsapp,
        @JsonProperty("_links") List<Link> links) {

    /**
     * {@code template}: the expected SMS text with {@code {{CODE}}}; {@code interceptionTimeout}: seconds
     * the client should wait for the SMS; {@code codeType}: optional echo of the requested code type.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Sms(String template, Integer interceptionTimeout, String codeType) {}

    /**
     * {@code cliFilter}: regex matching the caller id of the coming flash call; timeouts in seconds;
     * {@code callId}: an extra key Sinch sends.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record FlashCall(
            String cliFilter,
            Integer interceptionTimeout,
            Integer reportTimeout,
            Integer denyCallAfter,
            String callId) {}

    /** {@code targetUri}: what the device must GET over mobile data (following redirects). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Seamless(String targetUri) {}

    /** {@code codeType}: the type of the code sent over WhatsApp. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    @RegisterForReflection
    public record Whatsapp(String codeType) {}
}
