package dev.airlock.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Issue 13: every attack of the December 2026 red-team report ({@code red-team/attacks.json}, the
 * report's row number as id) and other variants of every class ({@code red-team/variants.json}),
 * sent over HTTP to one local gateway with the stock demo policies, each answering as the report
 * expects. Cases that poison pooled sessions on a vulnerable gateway (the F1 chain) run last so that
 * a regression there does not mask the others; {@code audit verify} runs after everything.
 */
class RedTeamRegressionIT {
    @TempDir
    static Path dataDir;
    static LocalGateway gateway;
    static AttackRunner runner;

    @BeforeAll
    static void start() throws Exception {
        java.nio.file.Files.deleteIfExists(Path.of("target", "red-team-results.tsv"));
        gateway = LocalGateway.start(dataDir.resolve(".airlock"));
        DemoDatabaseAccess database = new DemoDatabaseAccess(gateway);
        runner = new AttackRunner(gateway, database, new AuditTrail(gateway.dynamo()), GroundTruth.read(database));
    }

    @AfterAll
    static void stop() {
        Closing.quietly(gateway);
    }

    @TestFactory
    List<DynamicNode> redTeamReport_everyAttack_answersAsTheReportExpects() {
        JsonNode attacks = AttackRunner.cases("/red-team/attacks.json");
        JsonNode variants = AttackRunner.cases("/red-team/variants.json");
        List<DynamicNode> all = new ArrayList<>();
        all.add(AttackRunner.container("report attacks", runner.tests(attacks, 0, "#")));
        all.add(AttackRunner.container("variants", runner.tests(variants, 0, "#")));
        all.add(AttackRunner.container("session-poisoning attacks", runner.tests(attacks, 1, "#")));
        all.add(AttackRunner.container("session-poisoning variants", runner.tests(variants, 1, "#")));
        all.add(AttackRunner.container("after everything", runner.tests(attacks, 2, "#")));
        return all;
    }
}
