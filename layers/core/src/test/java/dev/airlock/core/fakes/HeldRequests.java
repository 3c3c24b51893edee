package dev.airlock.core.fakes;

import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalQueue;

import java.util.ArrayList;
import java.util.List;

/** An approval queue that keeps what it was asked to hold. */
public final class HeldRequests implements ApprovalQueue {
    public final List<PendingRequest> held = new ArrayList<>();

    @Override
    public void hold(PendingRequest request) {
        held.add(request);
    }
}
