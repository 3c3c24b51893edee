package dev.airlock.approvals.aws;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The approvals backend uses no other backend (not even the audit trail) and no edge. */
@AnalyzeClasses(packages = "dev.airlock.approvals.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class ApprovalsAwsArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.approvals.aws..");
}
