package dev.airlock.targets.rdsdata;

import dev.airlock.credentials.aws.AwsArn;

import dev.airlock.core.model.SqlDialect;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Aurora cluster reached through the RDS Data API, as configured: which cluster, which
 * secrets the Data API logs in with (the target's, and optionally a reading user's), which
 * database, and which role the gateway assumes for each request on it.
 *
 * @param name       the target name agents and policies use
 * @param clusterArn {@code arn:aws:rds:REGION:ACCOUNT:cluster:NAME}
 * @param secretArn  the cluster's Secrets Manager secret ({@code username}/{@code password})
 * @param database   the database statements run in
 * @param roleArn    the target role assumed per request ({@code arn:aws:iam::ACCOUNT:role/NAME})
 * @param dialect    the cluster's engine: Aurora PostgreSQL or Aurora MySQL
 * @param readSecretArn the secret of a database user that may only read, for the statements
 *                   classified as reads; so the database itself refuses a read that would write,
 *                   as the JDBC target's READ ONLY transaction does (the Data API runs each
 *                   statement on its own). Empty: reads log in with {@code secretArn} too.
 */
public record RdsDataTargetSpec(String name, String clusterArn, String secretArn, String database, String roleArn,
                                SqlDialect dialect, Optional<String> readSecretArn) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    public RdsDataTargetSpec {
        Objects.requireNonNull(dialect, "dialect");
        Objects.requireNonNull(readSecretArn, "readSecretArn");
        List<String> problems = problems(name, clusterArn, secretArn, database, roleArn, readSecretArn.orElse(null));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join(" ", problems));
        }
    }

    /** A target whose reads and writes log in as the same database user. */
    public RdsDataTargetSpec(String name, String clusterArn, String secretArn, String database, String roleArn,
                             SqlDialect dialect) {
        this(name, clusterArn, secretArn, database, roleArn, dialect, Optional.empty());
    }

    /** The secret a statement logs in with: the reading user's for a read, when the target has one. */
    public String secretFor(boolean readOnly) {
        return readOnly ? readSecretArn.orElse(secretArn) : secretArn;
    }

    /** Every problem with these values, each with its fix; empty when they make a valid target. */
    public static List<String> problems(String name, String clusterArn, String secretArn, String database,
                                        String roleArn) {
        return problems(name, clusterArn, secretArn, database, roleArn, null);
    }

    /**
     * Every problem with these values, each with its fix; empty when they make a valid target.
     * @param readSecretArn null when the target has no reading user
     */
    public static List<String> problems(String name, String clusterArn, String secretArn, String database,
                                        String roleArn, String readSecretArn) {
        List<String> problems = new ArrayList<>();
        if (name == null || !NAME.matcher(name).matches()) {
            problems.add(name == null ? "name is missing: give the target the name agents and policies use."
                    : "name '" + name + "' is not a target name: use letters, digits, '_' and '-' (at most 63).");
        }
        String label = "Target '" + name + "': ";
        arn(problems, label, "clusterArn", clusterArn, "rds", "cluster:",
                "arn:aws:rds:REGION:ACCOUNT:cluster:NAME (RDS console > the cluster > Configuration)");
        arn(problems, label, "secretArn", secretArn, "secretsmanager", "secret:",
                "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX (the cluster's database secret)");
        arn(problems, label, "roleArn", roleArn, "iam", "role/",
                "arn:aws:iam::ACCOUNT:role/NAME (the role the gateway assumes for each request)");
        if (readSecretArn != null) {
            arn(problems, label, "readSecretArn", readSecretArn, "secretsmanager", "secret:",
                    "arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-SUFFIX (a database user that may only SELECT)");
            if (readSecretArn.equals(secretArn)) {
                problems.add(label + "readSecretArn is the same secret as secretArn, so reads could still write: "
                        + "give it the secret of a database user that may only SELECT, or leave it out.");
            }
        }
        if (database == null || database.isBlank()) {
            problems.add(label + "database is missing: name the database statements run in.");
        }
        return problems;
    }

    private static void arn(List<String> problems, String label, String field, String value, String service,
                            String resourcePrefix, String example) {
        if (value == null || value.isBlank()) {
            problems.add(label + field + " is missing: use " + example + ".");
            return;
        }
        try {
            AwsArn arn = AwsArn.parse(value);
            if (!arn.service().equals(service) || !arn.resource().startsWith(resourcePrefix)) {
                problems.add(label + field + " '" + value + "' is not the right kind of ARN: use " + example + ".");
            }
        } catch (IllegalArgumentException e) {
            problems.add(label + field + ": " + e.getMessage() + " Use " + example + ".");
        }
    }
}
