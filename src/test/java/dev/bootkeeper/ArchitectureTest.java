package dev.bootkeeper;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/ARCHITECTURE.md, as tests. Layers from top to bottom: api and dashboard
 * (people and scripts) -> inventory and ops (rules, status) -> the protocol servers (dhcp, tftp,
 * nbd, httpboot, wol) -> boot (the policy) -> store (entities); iso (the ISO 9660 reader) is used
 * by the layers above store and itself uses only the JDK; background (the daemon loops and batch
 * writers) is the bottom layer, which every other may use. An arrow never points up, and no two
 * packages depend on each other. The rules are written for any root package, so that they are also
 * run against {@code archfixture}, a small tree in the tests that breaks each of them: a rule that
 * cannot fail proves nothing.
 */
class ArchitectureTest {

  static final String ROOT = "dev.bootkeeper";
  static final String FIXTURE = "dev.bootkeeper.archfixture";

  static List<ArchRule> rules(String root) {
    String api = root + ".api..";
    String dashboard = root + ".dashboard..";
    String inventory = root + ".inventory..";
    String ops = root + ".ops..";
    String[] protocols = {
      root + ".dhcp..", root + ".tftp..", root + ".nbd..", root + ".httpboot..", root + ".wol.."
    };
    String boot = root + ".boot..";
    String store = root + ".store..";
    String iso = root + ".iso..";
    String background = root + ".background..";
    ArchRule layers =
        layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("people")
            .definedBy(api, dashboard)
            .layer("rules and status")
            .definedBy(inventory, ops)
            .layer("protocols")
            .definedBy(protocols)
            .layer("policy")
            .definedBy(boot)
            .layer("store")
            .definedBy(store)
            .layer("iso reader")
            .definedBy(iso)
            .layer("background threads")
            .definedBy(background)
            .whereLayer("people")
            .mayNotBeAccessedByAnyLayer()
            .whereLayer("rules and status")
            .mayOnlyBeAccessedByLayers("people")
            .whereLayer("protocols")
            .mayOnlyBeAccessedByLayers("people", "rules and status")
            .whereLayer("policy")
            .mayOnlyBeAccessedByLayers("people", "rules and status", "protocols")
            .whereLayer("store")
            .mayOnlyBeAccessedByLayers("people", "rules and status", "protocols", "policy")
            .whereLayer("iso reader")
            .mayOnlyBeAccessedByLayers("people", "rules and status", "protocols", "policy")
            .whereLayer("background threads")
            .mayOnlyBeAccessedByLayers(
                "people", "rules and status", "protocols", "policy", "store");
    // The ISO reader parses untrusted bytes: the JDK only, so its whole attack surface is its own.
    ArchRule isoUsesOnlyTheJdk =
        noClasses()
            .that()
            .resideInAPackage(iso)
            .should()
            .dependOnClassesThat()
            .resideOutsideOfPackages("java..", iso)
            .allowEmptyShould(true);
    ArchRule noCycles =
        slices().matching(root + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true);
    return List.of(layers, noCycles, isoUsesOnlyTheJdk);
  }

  static JavaClasses classes(String root) {
    return new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .withImportOption(location -> !location.contains("/archfixture/") || root.equals(FIXTURE))
        .importPackages(root);
  }

  @Test
  void theAppliancesPackagesFollowTheLayersAndHaveNoCycles() {
    JavaClasses code =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
    assertTrue(code.size() > 100, "the appliance's classes were found: " + code.size());
    for (ArchRule rule : rules(ROOT)) {
      rule.check(code);
    }
  }

  @Test
  void eachRuleFailsOnATreeThatBreaksIt() {
    JavaClasses fixture = classes(FIXTURE);
    for (ArchRule rule : rules(FIXTURE)) {
      EvaluationResult result = rule.evaluate(fixture);
      assertTrue(result.hasViolation(), "the fixture breaks: " + rule.getDescription());
    }
    String report =
        String.join("\n", rules(FIXTURE).get(0).evaluate(fixture).getFailureReport().getDetails());
    assertTrue(
        report.contains("tftp.FixtureServer") && report.contains("api.FixtureProblem"), report);
    assertTrue(
        report.contains("boot.FixturePolicy") && report.contains("tftp.FixtureServer"), report);
    assertFalse(report.contains("api.FixtureProblem -> "), "api may use everything below it");
    assertTrue(report.contains("background.FixtureLoop.entity"), report);
    assertFalse(report.contains("store.FixtureEntity.writer"), "the store may run a loop");
  }
}
