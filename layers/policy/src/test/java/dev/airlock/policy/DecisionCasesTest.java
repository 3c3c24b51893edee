package dev.airlock.policy;

import dev.airlock.sql.SqlStatementClassifier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every decision case under policies/tests/ is a test of the build; adding one needs no Java. */
class DecisionCasesTest {
    private static final Path POLICIES = Path.of(System.getProperty("airlock.policies.dir"));

    @TestFactory
    Stream<DynamicTest> policiesTests_allPass() throws Exception {
        CedarPolicyEngine engine = CedarPolicyEngine.load(PolicyBundle.fromDirectory(POLICIES));
        DecisionCaseRunner runner = new DecisionCaseRunner(engine, new SqlStatementClassifier());
        return DecisionCases.load(POLICIES).stream().map(c -> DynamicTest.dynamicTest(c.title(), () -> {
            DecisionCaseRunner.Result result = runner.run(c);
            assertThat(result.differences()).as(c.title()).isEmpty();
        }));
    }
}
