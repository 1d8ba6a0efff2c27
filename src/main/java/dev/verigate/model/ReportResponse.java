package dev.verigate.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Answer to the two report endpoints (reference §3.4): {@code id}, {@code method} (required by the Java
 * SDK), {@code status}, {@code reason} when there is one, and {@code callComplete} for flashcall and
 * callout only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@RegisterForReflection
public record ReportResponse(String id, String method, String status, String reason, Boolean callComplete) {}
