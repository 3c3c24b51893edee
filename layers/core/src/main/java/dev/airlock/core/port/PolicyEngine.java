package dev.airlock.core.port;

import dev.airlock.core.model.PolicyDecision;

/** Decides a request: deny by default, forbid wins, and obligations come with an allow. */
public interface PolicyEngine {

    PolicyDecision decide(AuthorizationQuery query);
}
