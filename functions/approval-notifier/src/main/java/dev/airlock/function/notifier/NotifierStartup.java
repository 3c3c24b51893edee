package dev.airlock.function.notifier;

import dev.airlock.approvals.aws.ApprovalQueueConsumer;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Builds the consumer during the Lambda init phase: a missing setting, a wrong KMS key or
 * unusable packaged policies fail the init (and show in the function's log) instead of every message.
 */
@ApplicationScoped
public class NotifierStartup {

    @Inject
    ApprovalQueueConsumer consumer;

    void start(@Observes StartupEvent event) {
        // Injection already checked the settings, the key and the policies; nothing else to do.
    }
}
