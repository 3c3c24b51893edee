package dev.airlock.cli;

import dev.airlock.identity.GatewayTokenIssuer;
import dev.airlock.identity.LocalBootstrapTokens;
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

/**
 * {@code airlock token}: a short-lived gateway token for a local agent, signed with the local key;
 * or, with {@code --bootstrap}, a bootstrap token the agent trades at {@code POST /v1/token}.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print a short-lived gateway token for an agent.",
                "An ES256 JWT signed with the local gateway's key, for an agent declared in the policies.",
                "It lives 15 minutes unless --ttl says otherwise (at most 60m).",
                "With --bootstrap: a bootstrap token instead (1h unless --ttl, at most 24h), which the agent",
                "trades for gateway tokens at POST /v1/token (docs/identity.md)."})
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--agent", required = true, description = "Agent id, as declared in policies/entities.json.")
    String agent;

    @Option(names = "--ttl", converter = DurationConverter.class,
            description = "Lifetime: 90s, 15m, 1h (default: 15m; with --bootstrap 1h).")
    Duration ttl;

    @Option(names = "--bootstrap", description = "Print a bootstrap token to exchange at POST /v1/token.")
    boolean bootstrap;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder, which holds its key (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
    Path policies;

    @Override
    public Integer call() {
        if (bootstrap) {
            declared(agent, policies);
            try {
                System.out.println(LocalBootstrapTokens.issue(SigningKeyFile.loadOrCreate(dataDir),
                        TokenSettings.LOCAL_ISSUER, agent, ttl, Clock.systemUTC()).token());
            } catch (IllegalArgumentException e) {
                throw new CliException(e.getMessage(), AirlockCli.USAGE);
            }
            return 0;
        }
        System.out.println(issue(agent, ttl, dataDir, policies).token());
        return 0;
    }

    /** Shared with {@code airlock sql --agent}: checks the agent is declared, then signs. */
    static GatewayTokenIssuer.IssuedToken issue(String agent, Duration ttl, Path dataDir, Path policies) {
        declared(agent, policies);
        GatewayTokenIssuer issuer = new GatewayTokenIssuer(SigningKeyFile.loadOrCreate(dataDir),
                TokenSettings.LOCAL_DEFAULTS, Clock.systemUTC());
        try {
            return issuer.issue(agent, ttl);
        } catch (IllegalArgumentException e) {
            throw new CliException(e.getMessage(), AirlockCli.USAGE);
        }
    }

    private static void declared(String agent, Path policies) {
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
    }
}
