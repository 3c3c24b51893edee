package dev.airlock.jdbc;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.airlock.testing.ModuleRules;

/** The JDBC target uses no other backend and no edge. */
@AnalyzeClasses(packages = "dev.airlock.jdbc", importOptions = ImportOption.DoNotIncludeTests.class)
class JdbcArchitectureTest {

    @ArchTest
    static final ArchRule keepsItsLayer = ModuleRules.backendModule("dev.airlock.jdbc..");
}
