package dev.verigate.hostile;

import dev.verigate.apps.AuthConfig;
import dev.verigate.sandbox.SandboxTraffic;
import jakarta.inject.Inject;

/**
 * What the hostile body and request suites share: app "hostile"'s signer, the {@link Ledger} of its
 * quotas, the gateway's auth limits, and the one check every try passes (a Sinch refusal that never
 * reached Sinch).
 */
abstract class HostileEndpointTest {

    @Inject
    SandboxTraffic traffic;

    @Inject
    AuthConfig auth;

    final Ledger ledger = new Ledger();
    final Signer app = Signer.app("hostile");

    int port() {
        return Answers.port();
    }

    RawHttp.Answer refusedWithoutSinch(RawHttp.Request request) {
        return Answers.refusedWithoutSinch(traffic, request);
    }
}
