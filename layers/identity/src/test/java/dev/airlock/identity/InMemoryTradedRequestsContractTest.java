package dev.airlock.identity;

import dev.airlock.identity.contract.TradedRequestsContract;

/** The traded-requests contract on the store of one gateway process. */
class InMemoryTradedRequestsContractTest extends TradedRequestsContract {
    private final InMemoryTradedRequests store = new InMemoryTradedRequests(clock);

    @Override
    protected TradedRequests tradedRequests() {
        return store;
    }
}
