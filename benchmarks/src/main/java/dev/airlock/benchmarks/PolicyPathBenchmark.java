package dev.airlock.benchmarks;

import dev.airlock.core.model.AgentIdentity;
import dev.airlock.core.model.SqlClassification;
import dev.airlock.core.model.SqlDialect;
import dev.airlock.core.port.PolicyQuery;
import dev.airlock.sql.engine.SqlPolicyChecks;
import dev.airlock.policy.CedarPolicyEngine;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.sql.SqlStatementClassifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the policy path costs per request: classifying typical statements, deciding them with
 * Cedar over the demo policies, and both, on one thread. Run from the repository root:
 * {@code java -jar benchmarks/target/benchmarks.jar PolicyPath}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class PolicyPathBenchmark {
    static final Map<String, String> STATEMENTS = Map.of(
            "select", "select * from customers where city = ? order by id limit 50",
            "join", "select c.full_name, sum(o.total) from customers c join orders o on o.customer_id = c.id "
                    + "where o.created_at > now() - interval '30 days' group by c.full_name order by 2 desc limit 10",
            "update", "update orders set total = total * 0.9 where id = ?",
            "cte", "with recent as (select customer_id, count(*) n from orders group by customer_id) "
                    + "select c.email, r.n from customers c join recent r on r.customer_id = c.id where r.n > 3",
            "delete", "delete from orders where customer_id in (select id from customers where city = 'Oslo')");

    @Param({"select", "join", "update", "cte", "delete"})
    public String statement;

    private SqlStatementClassifier classifier;
    private CedarPolicyEngine engine;
    private String sql;
    private PolicyQuery query;

    @Setup
    public void setUp() throws Exception {
        classifier = new SqlStatementClassifier();
        engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(
                Path.of(System.getProperty("airlock.policies.dir", "policies"))));
        sql = STATEMENTS.get(statement);
        Instant now = Instant.now();
        query = query(classifier.classify(sql, SqlDialect.POSTGRESQL, "public"), now);
    }

    private static PolicyQuery query(SqlClassification classification, Instant now) {
        String agent = classification.kind().name().equals("SELECT") ? "reporting-bot" : "ops-bot";
        return SqlPolicyChecks.query(new AgentIdentity(agent, "bench", now, now.plusSeconds(900)), "demo",
                SqlDialect.POSTGRESQL, classification, now, Optional.of("127.0.0.1"));
    }

    @Benchmark
    public SqlClassification classify() {
        return classifier.classify(sql, SqlDialect.POSTGRESQL, "public");
    }

    @Benchmark
    public Object decide() {
        return engine.decide(query);
    }

    @Benchmark
    public Object classifyAndDecide() {
        return engine.decide(query(classifier.classify(sql, SqlDialect.POSTGRESQL, "public"), query.now()));
    }
}
