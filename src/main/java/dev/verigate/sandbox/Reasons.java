package dev.verigate.sandbox;

/** The reason strings the sandbox emits, spelled exactly as Sinch does (reference §4). */
final class Reasons {

    static final String BLOCKED = "Blocked";
    static final String NETWORK_ERROR = "Network error or number unreachable";
    static final String INVALID_CODE = "Invalid code";
    static final String INVALID_CLI = "Invalid CLI";
    static final String EXPIRED = "Expired";
    static final String DENIED_BY_CALLBACK = "Denied by callback";
    static final String INVALID_CALLBACK = "Invalid callback";

    private Reasons() {}
}
