package dev.airlock.masking;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The masking module stays free of cloud SDKs, frameworks, backends and edges. */
@AnalyzeClasses(packages = "dev.airlock.masking", importOptions = ImportOption.DoNotIncludeTests.class)
class MaskingArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.plainModule("dev.airlock.masking..");
}
