package dev.airlock.core.port;

import dev.airlock.core.model.PolicyDecision;

/**
 * Decides a request from its checks: deny by default, forbid wins, every check must allow, and
 * obligations come with an allow.
 */
public interface PolicyEngine {

    PolicyDecision decide(PolicyQuery query);
}
