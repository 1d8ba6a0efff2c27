package dev.verigate.limits;

/** The contract on the in-process store (dev mode and the fail-open fallback). */
class LocalCasStoreTest extends CasStoreContract {

    private final LocalCasStore shared = new LocalCasStore(10_000);

    @Override
    CasStore store() {
        return shared;
    }
}
