package dev.airlock.sql.engine;

import dev.airlock.core.engine.Decoding;
import dev.airlock.core.engine.Engine;
import dev.airlock.core.engine.HeldOperation;
import dev.airlock.core.engine.MaskedSummary;
import dev.airlock.core.engine.Operation;
import dev.airlock.core.engine.PreparedRequest;
import dev.airlock.core.model.MaskedStatement;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlRequest;
import dev.airlock.core.pipeline.PipelineSettings;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementClassifier;

import java.util.Objects;
import java.util.Optional;

/**
 * The SQL engine: reads {@code POST /v1/sql} bodies, classifies statements with the SQL
 * classifier for the target's dialect, replaces each by Airlock's own executable text of it,
 * runs that on a {@link SqlTarget} and masks rows through the statement's lineage.
 */
public final class SqlEngine implements Engine<SqlTarget> {
    private final StatementClassifier classifier;
    private final ResponseMasker masker;
    private final PipelineSettings settings;

    public SqlEngine(StatementClassifier classifier, ResponseMasker masker, PipelineSettings settings) {
        this.classifier = Objects.requireNonNull(classifier, "classifier");
        this.masker = Objects.requireNonNull(masker, "masker");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String protocol() {
        return SqlRequest.PROTOCOL;
    }

    @Override
    public Decoding decode(String body) {
        try {
            return checked(SqlRequestDecoder.parse(body));
        } catch (IllegalArgumentException e) {
            return new Decoding.Malformed(e.getMessage());
        }
    }

    @Override
    public Decoding decode(HeldOperation held) {
        try {
            return checked(SqlRequest.fromHeld(held));
        } catch (IllegalArgumentException e) {
            return new Decoding.Malformed("The held request is not a SQL request.");
        }
    }

    private Decoding checked(SqlRequest request) {
        return invalid(request).<Decoding>map(Decoding.Malformed::new).orElseGet(() -> new Decoding.Decoded(request));
    }

    private Optional<String> invalid(SqlRequest request) {
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

    @Override
    public MaskedSummary blindSummary(Operation operation) {
        SqlRequest request = sql(operation);
        // Until policy names the masked columns, every literal is masked: fail closed.
        MaskedStatement masked = masker.maskStatementBlind(request.sql(), request.params());
        return new MaskedSummary(masked.statement(), masked.params());
    }

    @Override
    public PreparedRequest prepare(Operation operation, SqlTarget target) {
        SqlRequest request = sql(operation);
        SqlClassification classification = classifier.classify(request.sql(), target.dialect(),
                target.defaultSchema());
        if (classification.executable()) {
            // From here on the request IS Airlock's reading of it; the agent's own bytes go no further.
            request = new SqlRequest(request.target(), classification.executableSql(), request.params());
        }
        return new SqlPreparedRequest(request, classification, target, masker, settings);
    }

    private static SqlRequest sql(Operation operation) {
        if (operation instanceof SqlRequest request) {
            return request;
        }
        throw new IllegalArgumentException("the SQL engine was given a " + operation.getClass().getSimpleName());
    }
}
