package dev.lexray.spark;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Spark goes through the public API and the settings registry; it never reaches into the command line. */
class SparkLayeringTest {
    @Test
    void sparkKnowsNothingOfTheCommandLine() {
        noClasses().that().resideInAPackage("dev.lexray.spark..").should().dependOnClassesThat()
                .resideInAPackage("dev.lexray.cli..")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("dev.lexray.spark"));
    }
}
