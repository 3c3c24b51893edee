package dev.airlock.identity;

import dev.airlock.identity.contract.UsedLinksContract;

/** The used-links contract on the store of one gateway process. */
class InMemoryUsedLinksContractTest extends UsedLinksContract {
    private final InMemoryUsedLinks store = new InMemoryUsedLinks(clock);

    @Override
    protected UsedLinks usedLinks() {
        return store;
    }
}
