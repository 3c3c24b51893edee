package dev.airlock.policy;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The policy module stays free of cloud SDKs, frameworks, backends and edges. */
@AnalyzeClasses(packages = "dev.airlock.policy", importOptions = ImportOption.DoNotIncludeTests.class)
class PolicyArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.plainModule("dev.airlock.policy..");
}
