package dev.airlock.credentials.aws;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The credentials backend uses no other backend and no edge. */
@AnalyzeClasses(packages = "dev.airlock.credentials.aws", importOptions = ImportOption.DoNotIncludeTests.class)
class CredentialsAwsArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.credentials.aws..");
}
