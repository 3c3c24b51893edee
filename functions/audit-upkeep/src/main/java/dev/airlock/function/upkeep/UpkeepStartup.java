package dev.airlock.function.upkeep;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Builds the upkeep during the Lambda init phase: a missing setting or a wrong KMS key fails
 * the init (and shows in the function's log) instead of the first scheduled run.
 */
@ApplicationScoped
public class UpkeepStartup {

    @Inject
    AuditUpkeep upkeep;

    void start(@Observes StartupEvent event) {
        // Injection already checked the settings and the key; nothing else to do.
    }
}
