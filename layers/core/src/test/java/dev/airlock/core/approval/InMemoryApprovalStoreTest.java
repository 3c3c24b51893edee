package dev.airlock.core.approval;

import dev.airlock.core.port.ApprovalStore;

class InMemoryApprovalStoreTest extends ApprovalStoreContract {
    private final InMemoryApprovalStore store = new InMemoryApprovalStore();

    @Override
    protected ApprovalStore store() {
        return store;
    }
}
