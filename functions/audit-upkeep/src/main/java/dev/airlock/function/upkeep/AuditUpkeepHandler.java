package dev.airlock.function.upkeep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The function's handler, invoked by a schedule (EventBridge Scheduler, every five minutes).
 * The event's content does not matter: every run does the same upkeep. A failed run throws,
 * so Lambda records the invocation as failed.
 */
@Named("audit-upkeep")
public class AuditUpkeepHandler implements RequestHandler<Map<String, Object>, UpkeepReport> {
    private static final Logger LOG = Logger.getLogger(AuditUpkeepHandler.class);

    @Inject
    AuditUpkeep upkeep;

    @Override
    public UpkeepReport handleRequest(Map<String, Object> scheduledEvent, Context context) {
        UpkeepReport report = upkeep.run();
        LOG.infof("Audit upkeep: %d %s marked OUTCOME_UNKNOWN; %s", report.reconciled(),
                report.reconciled() == 1 ? "request" : "requests",
                report.digestSigned() ? "digest signed at " + report.digestAt() : "no digest due (nothing new)");
        return report;
    }
}
