package dev.airlock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.Secret;
import dev.airlock.jdbc.TargetGrantCheck;
import dev.airlock.jdbc.TargetGrantCheck.Finding;
import dev.airlock.jdbc.TargetGrantCheck.Purpose;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code airlock target}: the databases the local gateway runs statements on. */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = "The databases the local gateway runs statements on.",
        subcommands = {TargetCommand.Check.class})
final class TargetCommand implements Runnable {

    @Override
    public void run() {
        throw new CliException("Name a subcommand: airlock target check <target>.", AirlockCli.USAGE);
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Connect with each login secrets.json holds for the target and list every grant",
                    "broader than Airlock needs: the reading login should only SELECT the target's tables,",
                    "the writing login only SELECT, INSERT, UPDATE and DELETE them and use their sequences.",
                    "Exits 1 when any is found, so the database enforces what policy decides."})
    static final class Check implements Callable<Integer> {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Parameters(index = "0", paramLabel = "<target>", description = "The target, as policies name it (e.g. demo).")
        String target;

        @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
                description = "The local gateway's data folder, which holds secrets.json (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Option(names = "--jdbc-url", description = "The target's JDBC URL; by default the one the running "
                + "local gateway announced.")
        String jdbcUrl;

        @Override
        public Integer call() {
            String url = jdbcUrl != null ? jdbcUrl : Workspace.runningTargetJdbcUrl(dataDir, target)
                    .orElseThrow(() -> new CliException("No JDBC URL for target '" + target + "': start the local "
                            + "gateway (./airlock local) or pass --jdbc-url."));
            TargetGrantCheck check = new TargetGrantCheck(url);
            List<Finding> findings = new ArrayList<>();
            for (Use use : logins()) {
                try {
                    findings.addAll(check.check(use.login(), use.purpose()));
                } catch (SQLException e) {
                    throw new CliException("Cannot check target '" + target + "' as " + use.login().username()
                            + " (SQLSTATE " + e.getSQLState() + "): is the database up and the password in "
                            + "secrets.json current?");
                }
            }
            if (findings.isEmpty()) {
                System.out.println("Target '" + target + "': no login holds a grant broader than Airlock needs.");
                return 0;
            }
            List<List<String>> rows = findings.stream().map(f -> List.of(f.login(),
                    f.purpose() == Purpose.READ ? "reads" : "writes", f.grant(), f.why())).toList();
            System.out.print(TablePrinter.render(List.of("login", "used for", "grant", "why it is too broad"), rows));
            System.out.println(findings.size() + " grant(s) broader than Airlock needs on target '" + target
                    + "'. Revoke them so the database enforces what policy decides.");
            return AirlockCli.REFUSED;
        }

        private record Use(DatabaseLogin login, Purpose purpose) {
        }

        /** The writing login, and the reading one (the writing login again when the target has none). */
        private List<Use> logins() {
            Path file = dataDir.resolve("secrets.json");
            JsonNode entry;
            try {
                entry = Files.exists(file) ? JSON.readTree(file.toFile()).path("targets").path(target) : null;
            } catch (IOException e) {
                throw new CliException("Cannot read " + file + " (" + e.getClass().getSimpleName() + ").");
            }
            if (entry == null || entry.isMissingNode()) {
                throw new CliException("secrets.json in " + dataDir + " has no login for target '" + target + "'.");
            }
            DatabaseLogin write = login(entry, "targets." + target);
            DatabaseLogin read = entry.has("read") ? login(entry.get("read"), "targets." + target + ".read") : write;
            return List.of(new Use(read, Purpose.READ), new Use(write, Purpose.WRITE));
        }

        private static DatabaseLogin login(JsonNode node, String path) {
            String username = node.path("username").asText("");
            String password = node.path("password").asText("");
            if (username.isBlank() || password.isEmpty()) {
                throw new CliException("secrets.json has no " + path + (username.isBlank() ? ".username" : ".password")
                        + ".");
            }
            return new DatabaseLogin(username, Secret.of(password));
        }
    }
}
