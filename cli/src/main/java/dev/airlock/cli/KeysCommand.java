package dev.airlock.cli;

import com.nimbusds.jose.jwk.ECKey;
import dev.airlock.identity.SigningKeyFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code airlock keys}: the local gateway's signing keys. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "The local gateway's signing keys.",
        subcommands = {KeysCommand.Rotate.class})
final class KeysCommand implements Runnable {

    @Override
    public void run() {
        throw new CliException("Name a subcommand: airlock keys rotate.", AirlockCli.USAGE);
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Make a new signing key; keep the current one as the previous key.",
                    "Both are published at /.well-known/jwks.json and accepted, so tokens signed before",
                    "the rotation live out their time; the key before the previous one is dropped.",
                    "A running gateway signs with the new key within a second; no restart."})
    static final class Rotate implements Callable<Integer> {

        @Option(names = "--data-dir", defaultValue = Workspace.DEFAULT_DATA_DIR,
                description = "The local gateway's data folder, which holds its keys (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @Override
        public Integer call() {
            String previous;
            ECKey current;
            try {
                previous = SigningKeyFile.load(dataDir).getKeyID();
                current = SigningKeyFile.rotate(dataDir);
            } catch (IllegalStateException e) {
                throw new CliException(e.getMessage());
            }
            System.out.println("New signing key " + current.getKeyID() + "; previous key " + previous
                    + " is still accepted.");
            if (Workspace.runningGatewayUrl(dataDir).isPresent()) {
                System.out.println("The running gateway signs with the new key within a second.");
            }
            return 0;
        }
    }
}
