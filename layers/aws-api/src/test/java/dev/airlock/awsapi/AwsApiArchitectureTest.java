package dev.airlock.awsapi;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The AWS API engine stays free of cloud SDKs, frameworks, backends and edges. */
@AnalyzeClasses(packages = "dev.airlock.awsapi", importOptions = ImportOption.DoNotIncludeTests.class)
class AwsApiArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.plainModule("dev.airlock.awsapi..");
}
