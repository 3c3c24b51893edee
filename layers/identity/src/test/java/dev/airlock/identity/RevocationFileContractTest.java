package dev.airlock.identity;

import dev.airlock.identity.contract.RevocationsContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

/** The revocations contract on the local gateway's {@code revocations.json}, written as {@code ./airlock revoke} does. */
class RevocationFileContractTest extends RevocationsContract {
    @TempDir
    Path dataDir;

    @Override
    protected Revocations startGateway() {
        return RevocationFile.watch(dataDir, clock);
    }

    @Override
    protected Duration refreshInterval() {
        return RevocationFile.CHECK_INTERVAL;
    }

    @Override
    protected void revokeToken(String tokenId, Duration longestTokenLife) {
        RevocationFile.revokeToken(dataDir, tokenId, longestTokenLife, clock);
    }

    @Override
    protected void revokeAgent(String agentId) {
        RevocationFile.revokeAgent(dataDir, agentId, clock);
    }

    @Override
    protected boolean restoreAgent(String agentId) {
        return RevocationFile.restoreAgent(dataDir, agentId, clock);
    }
}
