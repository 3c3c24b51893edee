package dev.airlock.core.pipeline;

import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.ProblemKind;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTargets;
import dev.airlock.core.port.StatementClassifier;

import java.util.Optional;

/**
 * Stage 2: the body must be a well-formed request for a configured target; the statement is
 * classified for policy and replaced by Airlock's own executable text of it, which is what
 * approvals hash, the audit trail records and the database runs.
 */
final class ParseAndClassify implements Stage {
    private final SqlTargets targets;
    private final StatementClassifier classifier;
    private final ResponseMasker masker;
    private final PipelineSettings settings;

    ParseAndClassify(SqlTargets targets, StatementClassifier classifier, ResponseMasker masker,
                     PipelineSettings settings) {
        this.targets = targets;
        this.classifier = classifier;
        this.masker = masker;
        this.settings = settings;
    }

    @Override
    public Optional<PipelineOutcome> apply(SqlExchange x) {
        SqlRequest request;
        if (x.approval != null) {
            // Executing an approved request: the stored, frozen request, never anything the agent sends.
            request = x.approval.pending().request();
        } else {
            if (x.inbound.malformedReason().isPresent()) {
                return x.refuse(ProblemKind.MALFORMED_REQUEST, x.inbound.malformedReason().get());
            }
            request = x.inbound.request().orElseThrow();
        }
        Optional<String> invalid = validate(request);
        if (invalid.isPresent()) {
            return x.refuse(ProblemKind.MALFORMED_REQUEST, invalid.get());
        }
        // Until policy names the masked columns, the record masks every literal: fail closed.
        MaskedStatement provisional = masker.maskStatementBlind(request.sql(), request.params());
        x.maskedStatement = provisional.statement();
        x.maskedParams = provisional.params();
        x.request = request;

        x.target = targets.find(request.target()).orElse(null);
        if (x.target == null) {
            return x.refuse(ProblemKind.UNKNOWN_TARGET, "Target '" + request.target()
                    + "' is not configured. Configured targets: " + String.join(", ", targets.names()) + ".");
        }
        x.classification = classifier.classify(request.sql(), x.target.dialect(), x.target.defaultSchema());
        if (x.classification.executable()) {
            // From here on the request IS Airlock's reading of it: approvals hash and store it, the
            // audit trail records it, the database runs it. The agent's own bytes go no further.
            x.request = new SqlRequest(request.target(), x.classification.executableSql(), request.params());
        }
        x.requestSha256 = CanonicalRequest.sha256(x.agent.agentId(), x.request);
        return Optional.empty();
    }

    private Optional<String> validate(SqlRequest request) {
        if (request.target().isBlank()) {
            return Optional.of("Field 'target' is required: name a configured target, for example \"demo\".");
        }
        if (request.sql().isBlank()) {
            return Optional.of("Field 'sql' is required: send one SQL statement.");
        }
        if (request.sql().length() > settings.maxSqlLength()) {
            return Optional.of("Field 'sql' is " + request.sql().length() + " characters long; the limit is "
                    + settings.maxSqlLength() + ".");
        }
        if (request.params().size() > settings.maxParams()) {
            return Optional.of("Field 'params' has " + request.params().size() + " values; the limit is "
                    + settings.maxParams() + ".");
        }
        return Optional.empty();
    }
}
