package dev.airlock.identity;

import dev.airlock.identity.contract.TradedRequestsContract;
import dev.airlock.testing.MutableClock;

import java.time.Instant;

/** The traded-requests contract on the store of one gateway process. */
class InMemoryTradedRequestsContractTest extends TradedRequestsContract {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryTradedRequests store = new InMemoryTradedRequests(clock);

    @Override
    protected TradedRequests tradedRequests() {
        return store;
    }

    @Override
    protected TradedRequests tradedRequestsOnAnotherInstance() {
        return store;
    }

    @Override
    protected Instant now() {
        return clock.instant();
    }
}
