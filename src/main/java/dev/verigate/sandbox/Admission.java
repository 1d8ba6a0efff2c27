package dev.verigate.sandbox;

/**
 * What the request event's answer made of a start.
 *
 * @param order the order as the answer shaped it (code type, expiry, timeouts, SMS language)
 * @param secret the code or flash call CLI the answer chose; null lets the sandbox generate one
 * @param deniedReason why the verification is DENIED ({@code Denied by callback}, {@code Invalid callback});
 *        null when it may go ahead
 */
record Admission(StartOrder order, String secret, String deniedReason) {

    static Admission allow(StartOrder order) {
        return new Admission(order, null, null);
    }

    static Admission deny(StartOrder order, String reason) {
        return new Admission(order, null, reason);
    }

    boolean allowed() {
        return deniedReason == null;
    }
}
