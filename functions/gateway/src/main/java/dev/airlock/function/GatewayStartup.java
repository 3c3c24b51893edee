package dev.airlock.function;

import dev.airlock.core.pipeline.SqlRequestPipeline;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Builds the pipeline during the Lambda init phase: configuration and policy errors fail the
 * init (and show in the function's log) instead of the first agent's request.
 */
@ApplicationScoped
public class GatewayStartup {

    @Inject
    SqlRequestPipeline pipeline;

    void start(@Observes StartupEvent event) {
        // Injection already built the pipeline and its ports; nothing else to do.
    }
}
