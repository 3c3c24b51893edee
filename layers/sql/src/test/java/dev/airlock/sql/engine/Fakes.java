package dev.airlock.sql.engine;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.AuditIntent;
import dev.airlock.core.model.AuditOutcome;
import dev.airlock.core.model.ColumnMaskRule;
import dev.airlock.core.model.DatabaseLogin;
import dev.airlock.core.model.MaskedResult;
import dev.airlock.core.model.PendingRequest;
import dev.airlock.core.model.PolicyDecision;
import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.Secret;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.ApprovalQueue;
import dev.airlock.core.port.AuditLog;
import dev.airlock.core.port.AuditUnavailableException;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.core.port.PolicyEngine;
import dev.airlock.core.port.ResponseMasker;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TokenRejectedException;
import dev.airlock.core.port.TokenVerifier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** In-memory stand-ins for the ports, for unit tests of the pipeline only. */
final class Fakes {
    private Fakes() {
    }



    static final class Target implements SqlTarget {
        final List<SqlExecution> executions = new ArrayList<>();
        QueryResult result = new QueryResult(List.of(ResultColumn.labelled("email")),
                List.of(List.of("ann@example.com")), -1, false);
        StatementFailedException failure;

        @Override
        public String name() {
            return "demo";
        }

        @Override
        public QueryResult execute(SqlExecution execution, TargetCredentials credentials)
                throws StatementFailedException {
            executions.add(execution);
            if (failure != null) {
                throw failure;
            }
            return result;
        }
    }

    /** Replaces the word "ann@example.com" with [EMAIL] wherever it appears. */
    static final class Masker implements ResponseMasker {
        final List<List<ColumnMaskRule>> rulesSeen = new ArrayList<>();

        @Override
        public MaskedResult mask(QueryResult result, List<ColumnMaskRule> rules) {
            rulesSeen.add(rules);
            int[] count = {0};
            List<List<Object>> rows = result.rows().stream().map(row -> row.stream().map(v -> {
                if ("ann@example.com".equals(v)) {
                    count[0]++;
                    return (Object) "[EMAIL]";
                }
                return v;
            }).toList()).toList();
            return new MaskedResult(result.columns().stream().map(ResultColumn::label).toList(), rows,
                    result.rowsAffected(), result.truncated(), count[0] == 0 ? Map.of() : Map.of("email", count[0]));
        }

        @Override
        public String maskText(String text) {
            return text.replace("ann@example.com", "[EMAIL]");
        }

        @Override
        public dev.airlock.core.model.MaskedStatement maskStatement(String sql, List<Object> params) {
            return new dev.airlock.core.model.MaskedStatement(maskText(sql),
                    params.stream().map(p -> p == null ? "null" : maskText(String.valueOf(p))).toList());
        }

        /** Stands for "every literal redacted": the statement's words are kept, literals are not. */
        @Override
        public dev.airlock.core.model.MaskedStatement maskStatementBlind(String sql, List<Object> params) {
            return new dev.airlock.core.model.MaskedStatement(sql.replaceAll("'[^']*'", "'[REDACTED]'"),
                    params.stream().map(p -> p == null ? "null" : "[REDACTED]").toList());
        }

        @Override
        public Map<String, Integer> maskJson(java.io.InputStream in, java.io.OutputStream out,
                                             List<dev.airlock.core.model.JsonMaskRule> rules) throws java.io.IOException {
            out.write(maskText(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return Map.of();
        }
    }


    static final class Classifier implements dev.airlock.core.port.StatementClassifier {
        Function<String, SqlClassification> classify;

        Classifier(Function<String, SqlClassification> classify) {
            this.classify = classify;
        }

        @Override
        public SqlClassification classify(String sql, dev.airlock.core.model.SqlDialect dialect, String defaultSchema) {
            SqlClassification c = classify.apply(sql);
            // A real classifier gives a readable statement its own executable text; the fake runs the text as sent.
            return c.kind() == dev.airlock.core.model.StatementKind.UNKNOWN || c.executable() ? c : c.withExecutableSql(sql);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The body of {@code POST /v1/sql} for this statement on the target {@code demo}. */
    static String body(String sql, List<Object> params) {
        try {
            Map<String, Object> body = new java.util.LinkedHashMap<>();
            body.put("target", "demo");
            body.put("sql", sql);
            body.put("params", params);
            return JSON.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SQL engine over the fakes, bound to the one target {@code demo} with {@code broker}'s credentials. */
    static dev.airlock.core.targets.Targets targets(Classifier classifier, Masker masker, Target target,
                                                    dev.airlock.core.port.CredentialBroker broker) {
        SqlEngine engine = new SqlEngine(classifier, masker, dev.airlock.core.pipeline.PipelineSettings.DEFAULTS);
        return dev.airlock.core.targets.Targets.of(List.of(engine),
                List.of(new dev.airlock.core.targets.Target<SqlTarget>("demo", engine, target, broker)));
    }

    static TargetCredentials login() {
        return new DatabaseLogin("gateway", Secret.of("canary-password"));
    }
}
