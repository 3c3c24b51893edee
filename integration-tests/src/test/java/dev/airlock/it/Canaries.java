package dev.airlock.it;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The canary secrets the integration suite plants wherever it configures a secret: the demo
 * database's password (pre-seeded into every local gateway's secrets.json) and an AWS secret
 * access key (in the environment of every gateway process the suite starts). They are generated
 * once per build with a recognisable prefix, kept next to the evidence the suite records, and
 * looked for in all of it by {@link CanarySecretsScanIT} once every other IT has run.
 */
final class Canaries {
    static final String DB_PREFIX = "AIRLOCK-CANARY-DB-";
    static final String AWS_PREFIX = "AIRLOCK-CANARY-AWS-";
    static final String FILE = "canaries.properties";
    /** Secrets the suite learned while it ran (say, the secret keys moto hands out), one per line. */
    static final String LEARNED = "learned-secrets.tsv";
    /** Shorter values (moto's "testing", say) would be found everywhere and prove nothing. */
    static final int MIN_LEARNED_LENGTH = 12;

    /** One build's canaries: the run they belong to and their values. */
    record Values(String run, String databasePassword, String awsSecretKey) {
        List<String> all() {
            return List.of(databasePassword, awsSecretKey);
        }
    }

    private static Values values;

    private Canaries() {
    }

    /**
     * Where the evidence of this build goes: {@code integration-tests/target/canary-evidence/<run>},
     * a folder per build, so that two builds in one checkout do not mix (or delete) each other's.
     */
    static Path evidenceRoot() {
        return evidenceBase().resolve(run());
    }

    private static Path evidenceBase() {
        return Path.of(System.getProperty("airlock.canary.evidence", "target/canary-evidence"));
    }

    /** Identifies the build: the recording run and the scan run of one {@code mvn verify} share it. */
    static String run() {
        String run = System.getProperty("airlock.canary.run", "");
        return run.isBlank() || run.startsWith("${") ? "adhoc-" + ProcessHandle.current().pid() : run;
    }

    static String databasePassword() {
        return values().databasePassword();
    }

    static String awsSecretKey() {
        return values().awsSecretKey();
    }

    /**
     * This build's canaries, created on first use; evidence earlier builds left more than a day
     * ago is removed on the way.
     */
    static synchronized Values values() {
        if (values == null) {
            Path root = evidenceRoot();
            Values existing = read(root);
            if (existing != null && existing.run().equals(run())) {
                values = existing;
            } else {
                pruneOldRuns();
                values = new Values(run(), DB_PREFIX + random(12), AWS_PREFIX + random(11));
                write(root, values);
            }
        }
        return values;
    }

    private static void pruneOldRuns() {
        Path base = evidenceBase();
        if (!Files.isDirectory(base)) {
            return;
        }
        java.time.Instant dayAgo = java.time.Instant.now().minus(java.time.Duration.ofDays(1));
        try (Stream<Path> runs = Files.list(base)) {
            for (Path run : runs.toList()) {
                if (Files.getLastModifiedTime(run).toInstant().isBefore(dayAgo)) {
                    deleteTree(run);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("canary evidence: could not remove old runs: " + e);
        }
    }

    /**
     * Makes a secret the suite was handed while it ran (an AWS secret access key moto created, for
     * example) a canary too: the scan then looks for it like for the planted ones.
     */
    static synchronized void learn(String what, String secret) {
        if (secret == null || secret.length() < MIN_LEARNED_LENGTH) {
            return;
        }
        values();
        Evidence.append(evidenceRoot().resolve(LEARNED), what.replaceAll("\\s+", " ") + "\t" + secret);
    }

    /** The secrets learned in this build, by what they are. */
    static java.util.Map<String, String> learned(Path root) {
        Path file = root.resolve(LEARNED);
        java.util.Map<String, String> learned = new java.util.LinkedHashMap<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int tab = line.lastIndexOf('\t');
                    if (tab > 0 && line.length() - tab - 1 >= MIN_LEARNED_LENGTH) {
                        learned.put(line.substring(tab + 1), line.substring(0, tab));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        java.util.Map<String, String> byWhat = new java.util.LinkedHashMap<>();
        learned.forEach((secret, what) -> byWhat.put("learned " + what + " #" + (byWhat.size() + 1), secret));
        return byWhat;
    }

    /** The canaries the recording run wrote, or null when it never ran. */
    static Values read(Path root) {
        Path file = root.resolve(FILE);
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Values(p.getProperty("run"), p.getProperty("databasePassword"), p.getProperty("awsSecretKey"));
    }

    private static void write(Path root, Values v) {
        Properties p = new Properties();
        p.setProperty("run", v.run());
        p.setProperty("databasePassword", v.databasePassword());
        p.setProperty("awsSecretKey", v.awsSecretKey());
        try {
            Files.createDirectories(root);
            try (Writer out = Files.newBufferedWriter(root.resolve(FILE), StandardCharsets.UTF_8)) {
                p.store(out, "This build's canary secrets; the evidence scan looks for them everywhere else");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
