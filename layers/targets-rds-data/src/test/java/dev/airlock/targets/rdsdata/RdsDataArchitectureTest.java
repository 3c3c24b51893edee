package dev.airlock.targets.rdsdata;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The RDS Data API target runs each statement under an STS session from the credentials backend (its one allowed backend) and uses no edge. */
@AnalyzeClasses(packages = "dev.airlock.targets.rdsdata", importOptions = ImportOption.DoNotIncludeTests.class)
class RdsDataArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.targets.rdsdata..", "dev.airlock.credentials.aws..");
}
