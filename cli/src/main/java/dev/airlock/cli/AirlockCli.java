package dev.airlock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code airlock} command. Errors end with one line on stderr and a non-zero exit:
 * 1 for a refused or failed request, 2 for a usage error, 3 when a request waits for approval.
 */
@Command(name = "airlock",
        mixinStandardHelpOptions = true,
        version = "airlock 0.1.0",
        description = "Airlock: the gateway that lets automation agents touch production safely.",
        subcommands = {LocalCommand.class, TokenCommand.class, CredentialsCommand.class, AwsCommand.class, SqlCommand.class, PolicyCommand.class,
                AuditCommand.class, ApprovalsCommand.class, KeysCommand.class, RevokeCommand.class, TargetCommand.class, CommandLine.HelpCommand.class})
public final class AirlockCli implements Runnable {
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int PENDING_APPROVAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cli = new CommandLine(new AirlockCli());
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            PrintWriter err = commandLine.getErr();
            if (e instanceof CliException cliException) {
                err.println("airlock: " + cliException.getMessage());
                return cliException.exitCode();
            }
            err.println("airlock: unexpected error: " + e);
            return REFUSED;
        });
        cli.setParameterExceptionHandler((e, args1) -> {
            CommandLine command = e.getCommandLine();
            String help = command.getParent() == null ? "airlock --help" : "airlock " + command.getCommandName() + " --help";
            command.getErr().println("airlock: " + e.getMessage() + " (see " + help + ")");
            return USAGE;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Name a command: local, token, credentials, aws, sql, policy, audit, keys, revoke or target.");
    }
}
