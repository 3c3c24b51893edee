package dev.airlock.core;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The core stays plain Java: no framework, no cloud SDK, no Lambda types, no adapter code. */
@AnalyzeClasses(packages = "dev.airlock.core", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnlyOnTheJdk = noClasses()
            .that().resideInAPackage("dev.airlock.core..")
            .should().dependOnClassesThat().resideOutsideOfPackages("dev.airlock.core..", "java..")
            .because("the core is plain Java; adapters live in their own modules");

    @ArchTest
    static final ArchRule pipelineKnowsNoProtocol = noClasses()
            .that().resideInAnyPackage("dev.airlock.core.pipeline..", "dev.airlock.core.engine..",
                    "dev.airlock.core.targets..")
            .should().dependOnClassesThat().haveNameMatching(
                    "dev\\.airlock\\.core\\..*\\.(Sql\\w*|StatementKind|TableAccess|QueryResult|MaskedResult|"
                            + "StatementClassifier|ResponseMasker|ColumnMaskRule)")
            .because("the pipeline is the same for every protocol; what is SQL lives in the SQL engine");
}
