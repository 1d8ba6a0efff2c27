package dev.verigate.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A start or report body as it reached the sandbox, as {@code GET /sandbox/received/{number}} shows it: what Sinch
 * would have been sent. {@code request} is {@code start} or {@code report}, {@code path} the path it was sent to
 * below the sandbox, {@code at} an ISO instant.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
public record ReceivedRequest(String request, String path, JsonNode body, String at) {}
