package dev.airlock.function;

import dev.airlock.core.pipeline.RequestPipeline;
import dev.airlock.identity.TokenExchange;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

/**
 * Builds the pipeline during the Lambda init phase: configuration and policy errors fail the
 * init (and show in the function's log) instead of the first agent's request.
 */
@ApplicationScoped
public class GatewayStartup {

    @Inject
    RequestPipeline pipeline;

    @Inject
    Instance<TokenExchange> tokenExchange;

    void start(@Observes StartupEvent event) {
        // Injection built the pipeline and its ports; the token exchange is built on demand, so build it now.
        tokenExchange.get();
    }
}
