package dev.airlock.audit.aws;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The audit backend uses no other backend and no edge. */
@AnalyzeClasses(packages = "dev.airlock.audit.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class AuditAwsArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.audit.aws..");
}
