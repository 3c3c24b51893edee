package dev.airlock.aws.support;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The AWS support knows no backend and no edge: every AWS backend builds on it. */
@AnalyzeClasses(packages = "dev.airlock.aws.support", importOptions = ImportOption.DoNotIncludeTests.class)
class AwsSupportArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.awsSupport();
}
