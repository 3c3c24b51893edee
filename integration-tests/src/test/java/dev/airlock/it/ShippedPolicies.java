package dev.airlock.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The checkout's policies/ folder, copied for a test that adds its own agents and policies to it. */
final class ShippedPolicies {
    private ShippedPolicies() {
    }

    static void copyTo(Path to) throws IOException {
        Path from = Cli.HOME.resolve("policies");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
