package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer to the three status lookups (reference §3.5). {@code verificationTimestamp} is UTC without a
 * zone suffix and with 7 fractional digits, as Sinch writes it; {@code source} is present for sms,
 * flashcall and whatsapp once reported; {@code callComplete} and {@code callResult} for flashcall and
 * callout only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record StatusResponse(
        String id,
        String method,
        String status,
        String reason,
        String reference,
        Identity identity,
        String countryId,
        String verificationTimestamp,
        Price price,
        String source,
        Boolean callComplete,
        String callResult) {}
