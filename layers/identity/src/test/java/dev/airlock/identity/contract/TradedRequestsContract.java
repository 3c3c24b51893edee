package dev.airlock.identity.contract;

import dev.airlock.identity.TradedRequests;

/**
 * What every {@link TradedRequests} must do: a signed AWS IAM request opens one gateway token, on
 * whichever instance it arrives, racing callers included. Run against the in-memory store in
 * layers/identity and against DynamoDB Local in layers/identity-aws (from layers/identity's test jar).
 */
public abstract class TradedRequestsContract extends OneTimeClaimsContract {

    /** A fresh, empty store, the same one for the whole test. */
    protected abstract TradedRequests tradedRequests();

    /** The same store as another gateway instance sees it; by default the same handle, as for an in-process store. */
    protected TradedRequests tradedRequestsOnAnotherInstance() {
        return tradedRequests();
    }

    @Override
    protected final Claims claims() {
        return tradedRequests()::claim;
    }

    @Override
    protected final Claims anotherInstance() {
        return tradedRequestsOnAnotherInstance()::claim;
    }
}
