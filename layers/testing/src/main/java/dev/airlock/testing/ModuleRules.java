package dev.airlock.testing;

import com.tngtech.archunit.lang.ArchRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The layering every module under {@code layers/} keeps, as ArchUnit rules each module's own
 * test applies to its own classes, so each module's build checks itself. Plain modules hold the
 * logic and stay free of cloud SDKs and frameworks; each backend module implements one
 * capability and may lean on plain modules and the shared AWS support, but not on another
 * backend; nothing under {@code layers/} reaches up to the edges (HTTP API, local gateway,
 * Lambda functions, CLI) that wire it.
 */
public final class ModuleRules {
    /** Packages of the modules that wire layers together; the layers never depend on them. */
    public static final List<String> EDGES = List.of("dev.airlock.api..", "dev.airlock.local..",
            "dev.airlock.function..", "dev.airlock.cli..", "dev.airlock.it..", "dev.airlock.bench..");

    /** Technology a plain module must not touch: cloud SDKs, Lambda types, the Quarkus framework. */
    public static final List<String> INFRASTRUCTURE = List.of("software.amazon.awssdk..", "com.amazonaws..",
            "io.quarkus..");

    /** The shared AWS pieces (table layout, item helpers, KMS signing, client factory) every AWS backend may use. */
    public static final String AWS_SUPPORT = "dev.airlock.aws.support..";

    /** One package per backend module: the capability's implementation with a particular technology. */
    public static final List<String> BACKENDS = List.of(AWS_SUPPORT, "dev.airlock.audit.aws..",
            "dev.airlock.approvals.aws..", "dev.airlock.identity.aws..", "dev.airlock.credentials.aws..",
            "dev.airlock.targets.rdsdata..", "dev.airlock.targets.awsapi..", "dev.airlock.jdbc..");

    private ModuleRules() {
    }

    /** A plain module (its package, without sub-packages of backends): no infrastructure, no backend, no edge. */
    public static ArchRule plainModule(String packageName) {
        List<String> forbidden = new ArrayList<>(INFRASTRUCTURE);
        forbidden.addAll(BACKENDS);
        forbidden.addAll(EDGES);
        return noClasses().that().resideInAPackage(packageName)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(packageName + " is plain Java: cloud SDKs, frameworks and backends implement its ports elsewhere");
    }

    /**
     * A backend module: no other backend except the AWS support (and the named ones the module
     * is built on, each with its reason in the module's pom), no edge.
     */
    public static ArchRule backendModule(String packagePattern, String... allowedBackends) {
        Set<String> allowed = Set.of(allowedBackends);
        List<String> forbidden = new ArrayList<>();
        for (String backend : BACKENDS) {
            if (!backend.equals(packagePattern) && !backend.equals(AWS_SUPPORT) && !allowed.contains(backend)) {
                forbidden.add(backend);
            }
        }
        forbidden.addAll(EDGES);
        return noClasses().that().resideInAPackage(packagePattern)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because(packagePattern + " implements one capability; backends meet only in the edges that wire them");
    }

    /** The AWS support is below every AWS backend: it depends on none of them and on no edge. */
    public static ArchRule awsSupport() {
        List<String> forbidden = new ArrayList<>(BACKENDS);
        forbidden.remove(AWS_SUPPORT);
        forbidden.addAll(EDGES);
        return noClasses().that().resideInAPackage(AWS_SUPPORT)
                .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                .because("the AWS support is shared by every AWS backend, so it can know none of them");
    }
}
