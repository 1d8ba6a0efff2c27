package dev.verigate.sandbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the sandbox "delivered" to a number, as {@code GET /sandbox/inbox/{number}} shows it. Every key
 * is always present: {@code code} for sms, whatsapp and callout, {@code cli} for flashcall, the other
 * null; {@code text} is the SMS/WhatsApp text or a short description of the call; {@code at} an ISO
 * instant.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@RegisterForReflection
record InboxMessage(String verificationId, String method, String code, String cli, String text, String at) {}
