package dev.airlock.core.approval;

import dev.airlock.core.model.ApprovalRecord;
import dev.airlock.core.model.ApprovalState;
import dev.airlock.core.model.ApproverDecision;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.port.ApprovalStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** An in-memory approval store for unit tests: each write is atomic and conditional, like DynamoDB's. */
public final class InMemoryApprovalStore implements ApprovalStore {
    private final Map<String, ApprovalRecord> records = new ConcurrentHashMap<>();

    @Override
    public void hold(PendingRequest request) {
        if (records.putIfAbsent(request.requestId(), ApprovalRecord.held(request)) != null) {
            throw new IllegalStateException("request " + request.requestId() + " is already held");
        }
    }

    @Override
    public Optional<ApprovalRecord> find(String requestId) {
        return Optional.ofNullable(records.get(requestId));
    }

    @Override
    public List<ApprovalRecord> list(ApprovalState state) {
        return records.values().stream().filter(r -> r.state() == state)
                .sorted(Comparator.comparing(r -> r.pending().createdAt())).toList();
    }

    @Override
    public synchronized Optional<ApprovalRecord> recordApproval(String requestId, long version,
                                                                ApproverDecision approval,
                                                                Optional<Instant> approvedUntil) {
        ApprovalRecord r = records.get(requestId);
        if (r == null || r.state() != ApprovalState.PENDING || r.version() != version
                || !approval.at().isBefore(r.pending().expiresAt()) || r.approvedBy(approval.approverId())) {
            return Optional.empty();
        }
        List<ApproverDecision> all = new ArrayList<>(r.approvals());
        all.add(approval);
        ApprovalRecord next = new ApprovalRecord(r.pending(),
                approvedUntil.isPresent() ? ApprovalState.APPROVED : ApprovalState.PENDING, all, r.deniedBy(),
                r.reason(), approvedUntil, approval.at(), version + 1);
        records.put(requestId, next);
        return Optional.of(next);
    }

    @Override
    public synchronized boolean recordDenial(String requestId, long version, String approverId, String reason,
                                             Instant at) {
        ApprovalRecord r = records.get(requestId);
        if (r == null || r.state() != ApprovalState.PENDING || r.version() != version) {
            return false;
        }
        records.put(requestId, new ApprovalRecord(r.pending(), ApprovalState.DENIED, r.approvals(),
                Optional.of(approverId), Optional.of(reason), Optional.empty(), at, version + 1));
        return true;
    }

    @Override
    public synchronized boolean expire(String requestId, ApprovalState from, Instant at) {
        ApprovalRecord r = records.get(requestId);
        if (r == null || r.state() != from) {
            return false;
        }
        boolean due = switch (from) {
            case PENDING -> !at.isBefore(r.pending().expiresAt());
            case APPROVED -> r.usableUntil().map(u -> !at.isBefore(u)).orElse(false);
            default -> false;
        };
        if (!due) {
            return false;
        }
        records.put(requestId, move(r, ApprovalState.EXPIRED, at, r.reason()));
        return true;
    }

    @Override
    public synchronized boolean claimExecution(String requestId, Instant at) {
        ApprovalRecord r = records.get(requestId);
        if (r == null || r.state() != ApprovalState.APPROVED
                || r.usableUntil().map(u -> !at.isBefore(u)).orElse(true)) {
            return false;
        }
        records.put(requestId, move(r, ApprovalState.EXECUTING, at, r.reason()));
        return true;
    }

    @Override
    public synchronized boolean recordResult(String requestId, boolean succeeded, Optional<String> detail,
                                             Instant at) {
        ApprovalRecord r = records.get(requestId);
        if (r == null || r.state() != ApprovalState.EXECUTING) {
            return false;
        }
        records.put(requestId, move(r, succeeded ? ApprovalState.EXECUTED : ApprovalState.FAILED, at, detail));
        return true;
    }

    private static ApprovalRecord move(ApprovalRecord r, ApprovalState to, Instant at, Optional<String> reason) {
        return new ApprovalRecord(r.pending(), to, r.approvals(), r.deniedBy(), reason, r.usableUntil(), at,
                r.version() + 1);
    }
}
