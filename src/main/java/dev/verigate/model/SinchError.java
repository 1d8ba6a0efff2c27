package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.UUID;

/**
 * Sinch's error body {@code {"errorCode":40400,"message":"…","reference":"<uuid>"}}. The reference
 * is a support correlation id, not a verification reference.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@RegisterForReflection
public record SinchError(int errorCode, String message, String reference) {

    public static SinchError of(int errorCode, String message) {
        return new SinchError(errorCode, message, UUID.randomUUID().toString());
    }
}
