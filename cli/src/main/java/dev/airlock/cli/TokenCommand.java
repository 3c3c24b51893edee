package dev.airlock.cli;

import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.SigningKeyFile;
import dev.airlock.identity.TokenSettings;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code airlock token}: a short-lived gateway token for a local agent, signed with the local key. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a short-lived gateway token for an agent.",
                "An ES256 JWT signed with the local gateway's key, for an agent declared in the policies.",
                "It lives 15 minutes unless --ttl says otherwise (at most 60m)."})
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--agent", required = true, description = "Agent id, as declared in policies/entities.json.")
    String agent;

    @Option(names = "--ttl", defaultValue = "15m", converter = DurationConverter.class,
            description = "Lifetime: 90s, 15m, 1h (default: ${DEFAULT-VALUE}).")
    Duration ttl;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder, which holds its key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
    Path policies;

    @Override
    public Integer call() {
        System.out.println(issue(agent, ttl, dataDir, policies).token());
        return 0;
    }

    /** Shared with {@code airlock sql --agent}: checks the agent is declared, then signs. */
    static GatewayTokenIssuer.IssuedToken issue(String agent, Duration ttl, Path dataDir, Path policies) {
        Path policyDir = policies == null ? Workspace.defaultPolicies() : policies;
        List<String> agents;
        try {
            agents = PolicyBundle.fromDirectory(policyDir).agentIds();
        } catch (PolicyLoadException e) {
            throw new CliException(e.getMessage());
        }
        if (!agents.contains(agent)) {
            throw new CliException("Unknown agent '" + agent + "'. Agents declared in " + policyDir.resolve(
                    PolicyBundle.ENTITIES_FILE) + ": " + String.join(", ", agents) + ".");
        }
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(SigningKeyFile.loadOrCreate(dataDir),
                TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
        try {
            return issuer.issue(agent, ttl);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), AirlockCli.USAGE);
        }
    }
}
