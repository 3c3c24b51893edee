package dev.airlock.targets.rdsdata;

import dev.airlock.core.model.QueryResult;
import dev.airlock.core.model.ResultColumn;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.model.SqlExecution;
import dev.airlock.core.model.TableRef;
import dev.airlock.core.model.TargetCredentials;
import dev.airlock.core.port.SqlTarget;
import dev.airlock.core.port.StatementFailedException;
import dev.airlock.core.port.TargetUnavailableException;
import dev.airlock.credentials.aws.StsSessionCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rdsdata.RdsDataClient;
import software.amazon.awssdk.services.rdsdata.model.AccessDeniedException;
import software.amazon.awssdk.services.rdsdata.model.ArrayValue;
import software.amazon.awssdk.services.rdsdata.model.BadRequestException;
import software.amazon.awssdk.services.rdsdata.model.ColumnMetadata;
import software.amazon.awssdk.services.rdsdata.model.DatabaseErrorException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseNotFoundException;
import software.amazon.awssdk.services.rdsdata.model.DatabaseResumingException;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.rdsdata.model.ExecuteStatementResponse;
import software.amazon.awssdk.services.rdsdata.model.Field;
import software.amazon.awssdk.services.rdsdata.model.ForbiddenException;
import software.amazon.awssdk.services.rdsdata.model.HttpEndpointNotEnabledException;
import software.amazon.awssdk.services.rdsdata.model.InvalidSecretException;
import software.amazon.awssdk.services.rdsdata.model.SecretsErrorException;
import software.amazon.awssdk.services.rdsdata.model.SqlParameter;
import software.amazon.awssdk.services.rdsdata.model.StatementTimeoutException;
import software.amazon.awssdk.services.rdsdata.model.TypeHint;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An Aurora cluster reached through the RDS Data API. One {@link RdsDataClient} serves every
 * request; each call is signed with the request's own STS session
 * ({@link StsSessionCredentials}, the SDK credentials exactly as the broker got them), whose session policy allows {@code rds-data:ExecuteStatement} on
 * this cluster and {@code secretsmanager:GetSecretValue} on its secret and nothing else.
 *
 * <p><b>How reads are protected.</b> The JDBC target runs reads in a READ ONLY transaction. The
 * Data API could only do that with BeginTransaction / RollbackTransaction, which the session
 * policy deliberately does not allow, and it runs each ExecuteStatement on its own (autocommit).
 * So the database enforces reads through its users instead: a statement classified as a read logs
 * in with the target's {@code readSecretArn} (a user that may only SELECT), and its session may
 * read only that secret. A read that is not one is also refused before it runs by the classifier
 * and the policy decision. A target without a reading user runs reads as its one user.
 *
 * <p>Limits mapped from {@link SqlExecution}: {@code ?} placeholders become the Data API's named
 * parameters {@code :p1, :p2, ...}; rows beyond the row cap are dropped and the result marked
 * truncated (the Data API itself returns at most 1 MiB); the statement timeout bounds the call,
 * and {@code continueAfterTimeout=false} makes the Data API stop the statement when its own
 * 45-second call limit passes.
 */
public final class RdsDataSqlTarget implements SqlTarget {
    private static final Pattern SQL_STATE = Pattern.compile("SQLState:\\s*([0-9A-Z]{5})");

    private final RdsDataTargetSpec spec;
    private final RdsDataClient client;

    public RdsDataSqlTarget(RdsDataTargetSpec spec, RdsDataClient client) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.client = Objects.requireNonNull(client, "client");
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public SqlDialect dialect() {
        return spec.dialect();
    }

    /** For MySQL, unqualified tables live in the configured database. */
    @Override
    public String defaultSchema() {
        return spec.dialect() == SqlDialect.MYSQL ? spec.database() : SqlTarget.super.defaultSchema();
    }

    public RdsDataTargetSpec spec() {
        return spec;
    }

    @Override
    public QueryResult execute(SqlExecution execution, TargetCredentials credentials)
            throws StatementFailedException, TargetUnavailableException {
        if (!(credentials instanceof StsSessionCredentials session)) {
            // Fail closed: never fall back to the client's own (the gateway's) credentials.
            throw new TargetUnavailableException("Target '" + name() + "' runs statements only under a per-request "
                    + "STS session, and its credential broker gave " + kindOf(credentials) + ": nothing ran. "
                    + "Configure the target with a roleArn so its credentials come from STS.", null);
        }
        String sql = Placeholders.named(execution.sql(), execution.params().size(), spec.dialect());
        List<SqlParameter> parameters = new ArrayList<>();
        for (int i = 0; i < execution.params().size(); i++) {
            parameters.add(parameter(i + 1, execution.params().get(i)));
        }
        // A read logs in as the target's reading user, so the database refuses it should it write.
        String secretArn = spec.secretFor(execution.readOnly());
        ExecuteStatementRequest request = ExecuteStatementRequest.builder()
                .resourceArn(spec.clusterArn()).secretArn(secretArn).database(spec.database())
                .sql(sql).parameters(parameters).includeResultMetadata(true).continueAfterTimeout(false)
                .overrideConfiguration(o -> o.credentialsProvider(session.credentialsProvider()).apiCallTimeout(execution.timeout()))
                .build();
        ExecuteStatementResponse response;
        try {
            response = client.executeStatement(request);
        } catch (SdkException e) {
            Exception failure = translate(e, execution.timeout(), secretArn);
            if (failure instanceof StatementFailedException refused) {
                throw refused;
            }
            throw (TargetUnavailableException) failure;
        }
        return result(response, execution.maxRows());
    }

    /** Names what came instead of an STS session, without printing it (it may hold secrets). */
    private static String kindOf(TargetCredentials credentials) {
        if (credentials == null) {
            return "none";
        }
        String type = credentials.getClass().getSimpleName();
        return (type.isEmpty() ? credentials.getClass().getName() : type) + " instead";
    }

    private static SqlParameter parameter(int position, Object value) throws StatementFailedException {
        SqlParameter.Builder p = SqlParameter.builder().name("p" + position);
        if (value == null) {
            return p.value(Field.fromIsNull(true)).build();
        }
        return switch (value) {
            case String s -> p.value(Field.fromStringValue(s)).build();
            case Boolean b -> p.value(Field.fromBooleanValue(b)).build();
            case Integer n -> p.value(Field.fromLongValue(n.longValue())).build();
            case Long n -> p.value(Field.fromLongValue(n)).build();
            case Short n -> p.value(Field.fromLongValue(n.longValue())).build();
            case BigInteger n when n.bitLength() < 64 -> p.value(Field.fromLongValue(n.longValue())).build();
            case BigInteger n -> p.value(Field.fromStringValue(n.toString())).typeHint(TypeHint.DECIMAL).build();
            case BigDecimal n -> p.value(Field.fromStringValue(n.toPlainString())).typeHint(TypeHint.DECIMAL).build();
            case Double n -> p.value(Field.fromDoubleValue(n)).build();
            case Float n -> p.value(Field.fromDoubleValue(n.doubleValue())).build();
            default -> throw new StatementFailedException("22023", "Parameter " + position + " is a "
                    + value.getClass().getSimpleName() + "; send strings, numbers, booleans or null.");
        };
    }

    private static QueryResult result(ExecuteStatementResponse response, int maxRows) {
        if (!response.hasColumnMetadata() || response.columnMetadata().isEmpty()) {
            Long updated = response.numberOfRecordsUpdated();
            return QueryResult.ofUpdate(updated == null ? 0 : updated);
        }
        List<ResultColumn> columns = response.columnMetadata().stream().map(RdsDataSqlTarget::column).toList();
        List<List<Object>> rows = new ArrayList<>();
        boolean truncated = false;
        for (List<Field> record : response.records()) {
            if (rows.size() == maxRows) {
                truncated = true;
                break;
            }
            List<Object> row = new ArrayList<>(record.size());
            for (Field field : record) {
                row.add(value(field));
            }
            rows.add(row);
        }
        return new QueryResult(columns, rows, -1, truncated);
    }

    /** The label the agent asked for, and the table column the values came from when the Data API says. */
    private static ResultColumn column(ColumnMetadata meta) {
        String label = meta.label() != null && !meta.label().isEmpty() ? meta.label() : String.valueOf(meta.name());
        String table = meta.tableName();
        String column = meta.name();
        if (table != null && !table.isEmpty() && column != null && !column.isEmpty()) {
            String schema = meta.schemaName() == null || meta.schemaName().isEmpty() ? null : meta.schemaName();
            return new ResultColumn(label, Optional.of(TableRef.of(schema, quote(table))), Optional.of(column));
        }
        return ResultColumn.labelled(label);
    }

    /** Catalog names are exact; quoting keeps TableRef from folding their case. */
    private static String quote(String catalogName) {
        return "\"" + catalogName.replace("\"", "\"\"") + "\"";
    }

    /** JSON-ready: String, Number, Boolean or null; blobs as base64, arrays as their text. */
    static Object value(Field field) {
        if (field == null || Boolean.TRUE.equals(field.isNull())) {
            return null;
        }
        return switch (field.type()) {
            case STRING_VALUE -> field.stringValue();
            case LONG_VALUE -> field.longValue();
            case DOUBLE_VALUE -> field.doubleValue();
            case BOOLEAN_VALUE -> field.booleanValue();
            case BLOB_VALUE -> Base64.getEncoder().encodeToString(field.blobValue().asByteArray());
            case ARRAY_VALUE -> arrayText(field.arrayValue());
            case IS_NULL -> null;
            default -> null;
        };
    }

    private static String arrayText(ArrayValue array) {
        List<?> items = switch (array.type()) {
            case STRING_VALUES -> array.stringValues();
            case LONG_VALUES -> array.longValues();
            case DOUBLE_VALUES -> array.doubleValues();
            case BOOLEAN_VALUES -> array.booleanValues();
            case ARRAY_VALUES -> array.arrayValues().stream().map(RdsDataSqlTarget::arrayText).toList();
            default -> List.of();
        };
        return items.stream().map(String::valueOf).collect(Collectors.joining(",", "{", "}"));
    }

    /**
     * A refusal of the statement becomes {@link StatementFailedException} (the pipeline masks its
     * text); anything about the cluster, the secret or the session becomes a
     * {@link TargetUnavailableException} naming what to fix. No SDK exception is attached: the
     * messages are all the caller needs, and they carry no credentials.
     */
    private Exception translate(SdkException e, Duration timeout, String secretArn) {
        String label = "Target '" + name() + "' ";
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return new StatementFailedException("57014", "The statement ran longer than the gateway's timeout ("
                    + timeout.toSeconds() + " s) and the gateway stopped waiting for it.");
        }
        if (!(e instanceof AwsServiceException service)) {
            return new TargetUnavailableException(label + "cannot reach the RDS Data API right now ("
                    + e.getClass().getSimpleName() + "). Retry shortly; if it persists, check the gateway's region "
                    + "and AWS_ENDPOINT_URL.", null);
        }
        String code = service.awsErrorDetails() == null ? "unknown" : service.awsErrorDetails().errorCode();
        String context = " [RDS Data API " + code + " " + service.statusCode() + ", AWS request id "
                + service.requestId() + "]";
        return switch (service) {
            case StatementTimeoutException t -> new StatementFailedException("57014",
                    "The statement ran longer than the RDS Data API allows and was cancelled.");
            case BadRequestException bad -> refused(bad);
            case DatabaseErrorException bad -> refused(bad);
            case ForbiddenException f -> denied(label, secretArn, context);
            case AccessDeniedException f -> denied(label, secretArn, context);
            case SecretsErrorException s -> secret(label, secretArn, context);
            case InvalidSecretException s -> secret(label, secretArn, context);
            case HttpEndpointNotEnabledException h -> new TargetUnavailableException(label + "cannot be used: "
                    + "the Data API is not enabled on " + spec.clusterArn() + ". Enable it (RDS console > Modify > "
                    + "RDS Data API, or aws rds enable-http-endpoint --resource-arn " + spec.clusterArn() + ")."
                    + context, null);
            case DatabaseNotFoundException d -> new TargetUnavailableException(label + "names database '"
                    + spec.database() + "', which " + spec.clusterArn() + " does not have: fix \"database\" in the "
                    + "target's configuration." + context, null);
            case DatabaseResumingException d -> new TargetUnavailableException(label + "is resuming from "
                    + "auto-pause: retry in a minute." + context, null);
            default -> {
                if ("ExpiredTokenException".equals(code) || "UnrecognizedClientException".equals(code)
                        || "InvalidSignatureException".equals(code)) {
                    yield new TargetUnavailableException(label + "refused the request's STS session (" + code
                            + "): retry; if it persists, check the gateway's clock and its STS endpoint." + context,
                            null);
                }
                if (service.statusCode() >= 500 || service.statusCode() == 429) {
                    yield new TargetUnavailableException(label + "cannot be reached right now. Retry shortly; if "
                            + "it persists, tell your operator." + context, null);
                }
                yield new TargetUnavailableException(label + "refused the call." + context, null);
            }
        };
    }

    private TargetUnavailableException denied(String label, String secretArn, String context) {
        return new TargetUnavailableException(label + "refused the request's STS session: the target role "
                + spec.roleArn() + " must allow rds-data:ExecuteStatement on " + spec.clusterArn()
                + " and secretsmanager:GetSecretValue on " + secretArn
                + " (and kms:Decrypt on the secret's key, if it is a customer managed key)." + context, null);
    }

    private TargetUnavailableException secret(String label, String secretArn, String context) {
        return new TargetUnavailableException(label + "cannot log in to its database: the Data API could not use "
                + "the secret " + secretArn + ". Check that it exists, holds the cluster's username and "
                + "password as JSON, and that the target role " + spec.roleArn() + " may read it." + context, null);
    }

    /** The database's own message, without the Data API's "ERROR:" prefix, position or SQLState suffix. */
    private static StatementFailedException refused(AwsServiceException e) {
        String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null
                ? "The database refused the statement." : e.awsErrorDetails().errorMessage();
        Matcher state = SQL_STATE.matcher(message);
        String sqlState = state.find() ? state.group(1) : "unknown";
        message = SQL_STATE.matcher(message).replaceAll("").strip();
        message = message.replaceAll("^ERROR:\\s*", "").replaceAll("\\s*Position: \\d+", "")
                .replaceAll("[;\\s]+$", "").replaceAll("\\s+", " ");
        return new StatementFailedException(sqlState, message);
    }

    /** Rewrites JDBC-style {@code ?} placeholders to the Data API's {@code :p1, :p2, ...}. */
    static final class Placeholders {
        private Placeholders() {
        }

        static String named(String sql, int expected, SqlDialect dialect) throws StatementFailedException {
            StringBuilder out = new StringBuilder(sql.length() + 8);
            int count = 0;
            int i = 0;
            int n = sql.length();
            while (i < n) {
                char c = sql.charAt(i);
                int end = skipQuoted(sql, i, dialect);
                if (end > i) {
                    out.append(sql, i, end);
                    i = end;
                } else if (c == '?') {
                    out.append(":p").append(++count);
                    i++;
                } else {
                    out.append(c);
                    i++;
                }
            }
            if (count != expected) {
                throw new StatementFailedException("07001", "The statement has " + count + " ? placeholder"
                        + (count == 1 ? "" : "s") + " but " + expected + " parameter" + (expected == 1 ? " was" : "s were")
                        + " sent.");
            }
            return out.toString();
        }

        /** The end of a literal, quoted identifier or comment starting at {@code i}; {@code i} if none does. */
        private static int skipQuoted(String sql, int i, SqlDialect dialect) {
            char c = sql.charAt(i);
            int n = sql.length();
            boolean mysql = dialect == SqlDialect.MYSQL;
            if (c == '\'' || c == '"' || (mysql && c == '`')) {
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (mysql && d == '\\') {
                        j += 2;
                        continue;
                    }
                    if (d == c) {
                        if (j + 1 < n && sql.charAt(j + 1) == c) {
                            j += 2;
                            continue;
                        }
                        return j + 1;
                    }
                    j++;
                }
                return n;
            }
            if ((c == '-' && sql.startsWith("--", i)) || (mysql && c == '#')) {
                int j = sql.indexOf('\n', i);
                return j < 0 ? n : j;
            }
            if (c == '/' && sql.startsWith("/*", i)) {
                int j = sql.indexOf("*/", i + 2);
                return j < 0 ? n : j + 2;
            }
            if (!mysql && c == '$') {
                Matcher tag = Pattern.compile("\\$([A-Za-z_][A-Za-z0-9_]*)?\\$").matcher(sql).region(i, n);
                if (tag.lookingAt() && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    int j = sql.indexOf(tag.group(), tag.end());
                    return j < 0 ? n : j + tag.group().length();
                }
            }
            return i;
        }
    }
}
