package dev.airlock.cli;

import dev.airlock.policy.CedarPolicyEngine;
import dev.airlock.policy.DecisionCaseRunner;
import dev.airlock.policy.DecisionCases;
import dev.airlock.policy.PolicyBundle;
import dev.airlock.policy.PolicyLoadException;
import dev.airlock.sql.SqlStatementClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code airlock policy validate|test}: check a policy folder the way the gateway and the build do. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = "Validate policies and run their decision cases.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Test.class})
final class PolicyCommand {

    /** The policy folder option both subcommands take. */
    static final class PolicyFolder {
        @Option(names = "--policies", description = "Cedar policy folder (default: the checkout's policies/).")
        Path policies;

        Path path() {
            return policies == null ? Workspace.defaultPolicies() : policies;
        }
    }

    static CedarPolicyEngine load(Path dir) {
        try {
            return CedarPolicyEngine.load(PolicyBundle.fromDirectory(dir));
        } catch (PolicyLoadException e) {
            throw new CliException(e.getMessage());
        }
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
            description = {"Parse the schema, entities and policies and validate them against each other.",
                    "Exits 1 with the file, line and fix for the first problem."})
    static final class Validate implements Callable<Integer> {
        @Mixin
        PolicyFolder folder;

        @Override
        public Integer call() {
            Path dir = folder.path();
            CedarPolicyEngine engine = load(dir);
            System.out.println("Policies in " + dir.toAbsolutePath().normalize() + " are valid: "
                    + engine.policyIds().size() + " policies, agents " + String.join(", ", engine.agents()) + ".");
            return 0;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Run the decision cases in <policies>/tests/*.json against the policies,",
                    "classifying SQL the way the gateway does. Exits 1 if any case fails."})
    static final class Test implements Callable<Integer> {
        @Mixin
        PolicyFolder folder;

        @Override
        public Integer call() {
            Path dir = folder.path();
            CedarPolicyEngine engine = load(dir);
            List<DecisionCaseRunner.Result> results;
            try {
                results = new DecisionCaseRunner(engine, new SqlStatementClassifier()).run(DecisionCases.load(dir));
            } catch (PolicyLoadException e) {
                throw new CliException(e.getMessage());
            }
            for (DecisionCaseRunner.Result result : results) {
                System.out.println((result.passed() ? "PASS  " : "FAIL  ") + result.decisionCase().title());
                result.differences().forEach(d -> System.out.println("      " + d));
            }
            long failed = results.stream().filter(r -> !r.passed()).count();
            System.out.println(results.size() + " cases: " + (results.size() - failed) + " passed, " + failed
                    + " failed.");
            return failed == 0 ? 0 : AirlockCli.REFUSED;
        }
    }
}
