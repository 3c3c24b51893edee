package dev.airlock.core.port;

import dev.airlock.core.model.PolicyDecision;

import java.util.Map;
import java.util.Set;

/**
 * Decides a request from its checks: deny by default, forbid wins, every check must allow, and
 * obligations come with an allow.
 */
public interface PolicyEngine {

    PolicyDecision decide(PolicyQuery query);

    /**
     * The targets some policy could ever permit this agent to act on, whatever it asks: what an
     * agent is shown (the MCP tools and targets), never what it is allowed. An engine that cannot
     * tell shows nothing.
     *
     * @param targetProtocols every configured target, with the protocol it speaks
     */
    default Set<String> targetsEverPermitted(String agentId, Map<String, String> targetProtocols) {
        return Set.of();
    }
}
