package dev.airlock.audit;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The plain audit module stays free of cloud SDKs, frameworks, backends and edges. */
@AnalyzeClasses(packages = "dev.airlock.audit", importOptions = ImportOption.DoNotIncludeTests.class)
class AuditArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.plainModule("dev.airlock.audit");
}
