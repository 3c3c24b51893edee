package dev.airlock.targets.awsapi;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The AWS API target takes its per-call sessions from the credentials backend (its one allowed backend) and uses no edge. */
@AnalyzeClasses(packages = "dev.airlock.targets.awsapi", importOptions = ImportOption.DoNotIncludeTests.class)
class AwsApiTargetArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.targets.awsapi..", "dev.airlock.credentials.aws..");
}
