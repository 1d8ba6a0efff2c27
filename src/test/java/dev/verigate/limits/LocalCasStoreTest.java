package dev.verigate.limits;

import dev.verigate.limits.local.LocalCasStore;

/** The contract on the in-process store (dev mode and the fail-open fallback). */
class LocalCasStoreTest extends CasStoreContract {

    private final LocalCasStore shared = new LocalCasStore(10_000);

    @Override
    CasStore store() {
        return shared;
    }
}
