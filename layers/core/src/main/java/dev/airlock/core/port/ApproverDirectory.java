package dev.airlock.core.port;

import java.util.Set;

/** Who may approve: the declared approvers and their groups (from the policies' entities). */
public interface ApproverDirectory {

    /** Whether the id names a declared approver. */
    boolean isApprover(String approverId);

    /** The approver groups the approver belongs to; empty for an unknown id. */
    Set<String> groupsOf(String approverId);
}
