package dev.airlock.identity.aws;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The identity backend uses no other backend and no edge. */
@AnalyzeClasses(packages = "dev.airlock.identity.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class IdentityAwsArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.identity.aws..");
}
