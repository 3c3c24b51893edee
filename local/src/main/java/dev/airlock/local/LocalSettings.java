package dev.airlock.local;

import dev.airlock.audit.aws.JournaledAuditLog;
import dev.airlock.jdbc.JdbcTargetLimits;
import dev.airlock.settings.PipelineTunables;
import dev.airlock.settings.SettingsReader;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Everything the local gateway reads from configuration, checked once at start-up. The CLI
 * sets these from {@code ./airlock local --port --data-dir --policies}.
 *
 * @param dataDir     where the audit trail, the demo database, the key and the secrets live
 * @param policiesDir the Cedar policy folder to enforce
 * @param port        the loopback port to listen on; 0 for any free one (see {@link #url()})
 * @param phoneRegion the region phone numbers without a country code are read in, for masking
 * @param auditSync   when the audit journal is synced to disk
 * @param targetLimits how database targets share connections and bound results ({@code airlock.targets.*})
 * @param tunables    the pipeline's limits, under the gateway function's names ({@code airlock.statement-timeout},
 *                    {@code airlock.max-rows}, ...; {@link PipelineTunables})
 */
public record LocalSettings(Path dataDir, Path policiesDir, int port, String phoneRegion,
                            JournaledAuditLog.Sync auditSync, JdbcTargetLimits targetLimits,
                            PipelineTunables tunables) {

    LocalSettings(Path dataDir, Path policiesDir, int port, String phoneRegion, JournaledAuditLog.Sync auditSync) {
        this(dataDir, policiesDir, port, phoneRegion, auditSync, JdbcTargetLimits.DEFAULTS, PipelineTunables.DEFAULTS);
    }

    LocalSettings(Path dataDir, Path policiesDir, int port, String phoneRegion, JournaledAuditLog.Sync auditSync,
                  JdbcTargetLimits targetLimits) {
        this(dataDir, policiesDir, port, phoneRegion, auditSync, targetLimits, PipelineTunables.DEFAULTS);
    }

    static LocalSettings from(Config config) {
        Path dataDir = Path.of(config.getValue("airlock.data-dir", String.class)).toAbsolutePath().normalize();
        Path policiesDir = Path.of(config.getValue("airlock.policies-dir", String.class)).toAbsolutePath().normalize();
        int port = config.getValue("quarkus.http.port", Integer.class);
        if (!Files.isDirectory(policiesDir)) {
            throw new LocalStartupException("The policy folder " + policiesDir + " does not exist. Run from the "
                    + "repository root, or pass --policies <folder holding airlock.cedarschema and *.cedar>.");
        }
        if (port < 0 || port > 65535) {
            throw new LocalStartupException("Port " + port + " is not a TCP port: pass --port between 1 and 65535, "
                    + "or 0 for any free one.");
        }
        String phoneRegion = config.getOptionalValue("airlock.masking.phone-region", String.class).orElse("US");
        String sync = config.getOptionalValue("airlock.audit.sync", String.class).orElse("batched");
        JournaledAuditLog.Sync auditSync = switch (sync) {
            case "batched" -> JournaledAuditLog.Sync.BATCHED;
            case "per-intent" -> JournaledAuditLog.Sync.PER_INTENT;
            default -> throw new LocalStartupException("airlock.audit.sync is '" + sync
                    + "': pass --audit-sync batched (the default) or --audit-sync per-intent.");
        };
        JdbcTargetLimits targetLimits;
        try {
            targetLimits = JdbcTargetLimits.from(name -> config.getOptionalValue(name, String.class));
        } catch (IllegalArgumentException e) {
            throw new LocalStartupException(e.getMessage());
        }
        // The same reader and names as the gateway function; every wrong limit is reported at once.
        SettingsReader reader = SettingsReader.from(name -> config.getOptionalValue(name, String.class),
                config.getPropertyNames());
        PipelineTunables tunables = PipelineTunables.read(reader);
        if (!reader.problems().isEmpty()) {
            throw new LocalStartupException("The local gateway is not configured:\n  - "
                    + String.join("\n  - ", reader.problems()));
        }
        return new LocalSettings(dataDir, policiesDir, port, phoneRegion, auditSync, targetLimits, tunables);
    }

    /**
     * The URL agents and approvers reach the gateway at. With {@code --port 0} the port is the one
     * the HTTP server was given when it bound, which Quarkus publishes as quarkus.http.port.
     */
    URI url() {
        int listening = port != 0 ? port
                : ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(0);
        if (listening == 0) {
            throw new IllegalStateException("The gateway has not bound a port yet.");
        }
        return URI.create("http://127.0.0.1:" + listening);
    }

    Path dynamoDbDir() {
        return dataDir.resolve("dynamodb");
    }

    Path postgresDir() {
        return dataDir.resolve("postgres");
    }

    Path nativeLibraryDir() {
        return dataDir.resolve("native");
    }
}
