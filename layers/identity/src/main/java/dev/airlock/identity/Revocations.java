package dev.airlock.identity;

/**
 * Which gateway tokens and agents have been revoked. Locally a file in the data folder; in AWS
 * items in the audit table. Either way a revocation takes effect within seconds.
 */
public interface Revocations {

    boolean isTokenRevoked(String tokenId);

    boolean isAgentRevoked(String agentId);
}
