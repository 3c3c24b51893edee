package dev.airlock.identity;

import java.time.Instant;
import java.util.Optional;

/**
 * Which gateway tokens and agents have been revoked. Locally a file in the data folder; in AWS
 * items in the audit table. Either way a revocation takes effect within seconds.
 */
public interface Revocations {

    boolean isTokenRevoked(String tokenId);

    boolean isAgentRevoked(String agentId);

    /**
     * When a revoked agent was last restored, as long as a token issued before then could still
     * be alive. Restoring an agent never revives its old tokens: a token issued at or before this
     * instant stays refused, so only tokens minted after the restore work.
     */
    Optional<Instant> agentRestoredAt(String agentId);
}
