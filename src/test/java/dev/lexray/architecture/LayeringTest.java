package dev.lexray.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map holds (ARCHITECTURE.md, README "Architecture"): no cycles between packages, and none of the
 * arrows that must never exist. A new dependency that breaks the layering fails here with the offending classes.
 */
class LayeringTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lexray");
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("dev.lexray.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void lrpKnowsNothingOfTheCommandLineOrTheReport() {
        forbid("dev.lexray.lrp..", "dev.lexray.cli..", "dev.lexray.report..");
    }

    @Test
    void theAuditKnowsNothingOfTheCommandLineTheReportOrLrpInternals() {
        forbid("dev.lexray.audit..", "dev.lexray.cli..", "dev.lexray.report..", "dev.lexray.lrp..",
                "dev.lexray.model..");
    }

    @Test
    void modelsKnowNothingOfRules() {
        forbid("dev.lexray.model..", "dev.lexray.lrp..");
    }

    @Test
    void textKnowsNothingOfModels() {
        forbid("dev.lexray.text..", "dev.lexray.model..");
    }

    @Test
    void theReportKnowsNothingOfHowRelevanceWasComputed() {
        forbid("dev.lexray.report..", "dev.lexray.lrp..");
    }

    @Test
    void baselinesKnowNothingOfLrp() {
        forbid("dev.lexray.attribution..", "dev.lexray.lrp..");
    }

    @Test
    void thePublicApiKnowsNothingOfTheCommandLine() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.lexray")
                .should().dependOnClassesThat().resideInAPackage("dev.lexray.cli..");
        rule.check(classes);
    }

    @Test
    void theBottomPackageKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("dev.lexray.runtime..").should().dependOnClassesThat()
                .resideInAnyPackage("dev.lexray", "dev.lexray.cli..", "dev.lexray.model..", "dev.lexray.text..",
                        "dev.lexray.lrp..", "dev.lexray.attribution..", "dev.lexray.report..", "dev.lexray.eval..",
                        "dev.lexray.corpus..", "dev.lexray.train..", "dev.lexray.bench..", "dev.lexray.audit..",
                        "dev.lexray.serve..")
                .allowEmptyShould(true).check(classes);
    }

    /** The HTTP service stands on the public API: no CLI, no model or text internals, no training or evaluation. */
    @Test
    void theServiceKnowsNothingOfTheCommandLineOrTheInternals() {
        forbid("dev.lexray.serve..", "dev.lexray.cli..", "dev.lexray.model..", "dev.lexray.text..",
                "dev.lexray.train..", "dev.lexray.eval..", "dev.lexray.corpus..", "dev.lexray.bench..");
    }

    /** Of the report, the service takes the look only (styles, colour scale, model card summary). */
    @Test
    void theServiceTakesOnlyTheReportsAssets() {
        noClasses().that().resideInAPackage("dev.lexray.serve..").should().dependOnClassesThat(
                JavaClass.Predicates.resideInAPackage("dev.lexray.report..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("PageAssets"))))
                .check(classes);
    }

    /** Only the command line starts the service; nothing below knows it. */
    @Test
    void onlyTheCommandLineKnowsTheService() {
        noClasses().that().resideOutsideOfPackages("dev.lexray.serve..", "dev.lexray.cli..").should()
                .dependOnClassesThat().resideInAPackage("dev.lexray.serve..").check(classes);
    }

    private static void forbid(String from, String... to) {
        noClasses().that().resideInAPackage(from).should().dependOnClassesThat().resideInAnyPackage(to)
                .check(classes);
    }
}
