package dev.airlock.core.engine;

import dev.airlock.core.model.AccessGrant;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.PolicyCheck;

import java.util.List;
import java.util.Optional;

/**
 * A request an engine has read and classified for one target. It is immutable, and it is
 * everything later stages need: the facts, the questions for policy, the canonical form that
 * approvals hash, the masked summary, and how to run it. What runs is this, never the agent's
 * bytes.
 */
public interface PreparedRequest {

    /** Airlock's own form of the operation: what approvals store and the target runs. */
    HeldOperation held();

    RequestFacts facts();

    /** The questions policy must answer: every action on every resource the request touches. */
    List<PolicyCheck> policyChecks();

    /**
     * Parts of the request that fold any number of items into one value (aggregates), which a
     * row cap cannot bound; empty when there are none.
     */
    default List<String> rowFolding() {
        return List.of();
    }

    /** Why the engine could not fully read the request, for a denial to say; empty when it could. */
    default Optional<String> unreadableReason() {
        return Optional.empty();
    }

    /**
     * The canonical encoding approvals hash: every field that decides what runs, for this agent,
     * with no two different requests sharing an encoding.
     */
    String canonicalForm(String agentId);

    /** The summary once policy has decided which values are masked. */
    MaskedSummary summary(PolicyDecision decision);

    /**
     * Every permission the request needs on its target, for a broker that scopes credentials to
     * one request; empty when the target's credentials are not scoped per request.
     */
    default List<AccessGrant> grants() {
        return List.of();
    }

    /** Runs the request on the target with the credentials the broker gave for it. */
    Execution execute(TargetCredentials credentials, ExecutionRequest request);
}
