package dev.airlock.identity.contract;

import dev.airlock.identity.UsedLinks;

/**
 * What every {@link UsedLinks} must do: an approval link is used once, on whichever instance it
 * arrives, racing clicks included. Run against the in-memory store in layers/identity and against
 * DynamoDB Local in layers/approvals-aws (from layers/identity's test jar).
 */
public abstract class UsedLinksContract extends OneTimeClaimsContract {

    /** A fresh, empty store, the same one for the whole test. */
    protected abstract UsedLinks usedLinks();

    /** The same store as another gateway instance sees it; by default the same handle, as for an in-process store. */
    protected UsedLinks usedLinksOnAnotherInstance() {
        return usedLinks();
    }

    @Override
    protected final Claims claims() {
        return usedLinks()::claim;
    }

    @Override
    protected final Claims anotherInstance() {
        return usedLinksOnAnotherInstance()::claim;
    }
}
