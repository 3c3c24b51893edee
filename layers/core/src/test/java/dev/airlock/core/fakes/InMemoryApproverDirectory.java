package dev.airlock.core.fakes;

import dev.airlock.core.port.ApproverDirectory;

import java.util.Map;
import java.util.Set;

/** Approvers and their groups, fixed for a test: {@code new InMemoryApproverDirectory(Map.of("alice", Set.of("dba")))}. */
public final class InMemoryApproverDirectory implements ApproverDirectory {
    private final Map<String, Set<String>> groupsByApprover;

    public InMemoryApproverDirectory(Map<String, Set<String>> groupsByApprover) {
        this.groupsByApprover = Map.copyOf(groupsByApprover);
    }

    @Override
    public boolean isApprover(String approverId) {
        return groupsByApprover.containsKey(approverId);
    }

    @Override
    public Set<String> groupsOf(String approverId) {
        return groupsByApprover.getOrDefault(approverId, Set.of());
    }
}
