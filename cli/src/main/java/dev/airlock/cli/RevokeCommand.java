package dev.airlock.cli;

import dev.airlock.identity.RevocationFile;
import dev.airlock.identity.TokenSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code airlock revoke}: refuse a gateway token, or every token of an agent, from now on. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a gateway token by its id (jti, the audit trail's tokenId), or a whole agent.",
                "The local gateway refuses it within about a second; an agent's bootstrap tokens",
                "and OIDC tokens are refused at POST /v1/token too, until --restore."})
final class RevokeCommand implements Callable<Integer> {

    static final class What {
        @Option(names = "--token-id", paramLabel = "JTI", description = "The token's id (jti).")
        String tokenId;

        @Option(names = "--agent", paramLabel = "AGENT", description = "The agent id: all its tokens.")
        String agent;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    @Option(names = "--restore", description = "With --agent: lift the agent's revocation.")
    boolean restore;

    @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
            description = "The local gateway's data folder (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Override
    public Integer call() {
        Clock clock = Clock.systemUTC();
        if (what.tokenId != null) {
            if (restore) {
                throw new CliException("--restore works with --agent only; a revoked token stays revoked.",
                        AirlockCli.USAGE);
            }
            RevocationFile.revokeToken(dataDir, what.tokenId.strip(), TokenSettings.LOCAL_DEFAULTS.maxTtl(), clock);
            System.out.println("Token " + what.tokenId.strip() + " is revoked.");
        } else if (restore) {
            boolean was = RevocationFile.restoreAgent(dataDir, what.agent, clock);
            System.out.println(was ? "Agent " + what.agent + " is restored." : "Agent " + what.agent
                    + " was not revoked.");
        } else {
            RevocationFile.revokeAgent(dataDir, what.agent, clock);
            System.out.println("Agent " + what.agent + " is revoked: its tokens are refused.");
        }
        return 0;
    }
}
