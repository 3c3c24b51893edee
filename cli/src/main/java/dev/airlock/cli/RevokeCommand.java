package dev.airlock.cli;

import dev.airlock.identity.aws.DynamoDbRevocations;
import dev.airlock.identity.RevocationFile;
import dev.airlock.identity.TokenSettings;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

/** {@code airlock revoke}: refuse a gateway token, or every token of an agent, from now on. */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a gateway token by its id (jti, the audit trail's tokenId), or a whole agent.",
                "The local gateway refuses it within about a second; an agent's bootstrap tokens",
                "and OIDC tokens are refused at POST /v1/token too, until --restore.",
                "With --aws [--table T], the revocation goes to a deployment's audit table;",
                "every function instance refuses the token within 5 seconds."})
final class RevokeCommand implements Callable<Integer> {
    private static final long REFRESH_SECONDS = DynamoDbRevocations.REFRESH_INTERVAL.toSeconds();

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

    /** --data-dir for the local gateway; --aws [--table] for a deployment, whose revocations live in its audit table. */
    @Mixin
    AuditCommand.TrailLocation location;

    @Override
    public Integer call() {
        if (location.aws) {
            return revokeInAws();
        }
        if (location.endpoint != null) {
            throw new CliException("--endpoint works with --aws only: the local gateway's revocations are a file in "
                    + "its data folder.", AirlockCli.USAGE);
        }
        Path dataDir = location.dataDir;
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
            System.out.println(was ? restored(what.agent) : "Agent " + what.agent + " was not revoked.");
        } else {
            RevocationFile.revokeAgent(dataDir, what.agent, clock);
            System.out.println("Agent " + what.agent + " is revoked: its tokens are refused.");
        }
        return 0;
    }

    /** Every function instance rereads the list within seconds of this write. */
    private int revokeInAws() {
        if (what.tokenId != null && restore) {
            throw new CliException("--restore works with --agent only; a revoked token stays revoked.", AirlockCli.USAGE);
        }
        try (var dynamo = location.client()) {
            DynamoDbRevocations revocations = new DynamoDbRevocations(dynamo, location.table, Clock.systemUTC());
            if (what.tokenId != null) {
                revocations.revokeToken(what.tokenId.strip(), TokenSettings.LOCAL_DEFAULTS.maxTtl());
                System.out.println("Token " + what.tokenId.strip() + " is revoked in " + location.table
                        + "; every function instance refuses it within " + REFRESH_SECONDS + " seconds.");
            } else if (restore) {
                boolean was = revocations.restoreAgent(what.agent);
                System.out.println(was ? restored(what.agent) : "Agent " + what.agent + " was not revoked.");
            } else {
                revocations.revokeAgent(what.agent);
                System.out.println("Agent " + what.agent + " is revoked in " + location.table + "; every function "
                        + "instance refuses its tokens within " + REFRESH_SECONDS + " seconds.");
            }
        } catch (SdkException e) {
            throw new CliException("Cannot write the revocation to table " + location.table + ": "
                    + AuditCommand.firstLine(e));
        }
        return 0;
    }

    private static String restored(String agent) {
        return "Agent " + agent + " is restored. Its tokens issued up to now stay refused: it needs a new one "
                + "(./airlock token --agent " + agent + ", or a token exchange).";
    }
}
