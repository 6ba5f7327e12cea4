package org.ae4j.experiments;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers: models describe maths and never see the engine that runs them; raw host access (addresses, NIO
 * views of ND4J buffers, direct BLAS, LAPACK and oneDNN calls) stays inside the host engine, where the CPU backend
 * is guaranteed, and HostWrites, which marks every host write for the device; no two packages depend on each other.
 */
class ArchitectureTest {
    /** Models, likelihoods, priors, layers, objectives and the graph models: maths only. */
    private static final String[] MODELS = {"org.ae4j.core.model..", "org.ae4j.core.nn..", "org.ae4j.core.prob..",
        "org.ae4j.core.linear..", "org.ae4j.core.loss..", "org.ae4j.graph", "org.ae4j.graph.molecule.."};
    private static final String HOST_ENGINE = "..engine.host..";
    private static final String HOST_WRITES = "org.ae4j.core.engine.HostWrites";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ae4j");
    }

    @Test
    void modelsDoNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().dependOnClassesThat().resideInAnyPackage("org.ae4j.core.engine..", "org.ae4j.graph.engine..")
                .because("a model says what it computes; the engine decides how (declare a FusibleTerm, or use a"
                        + " kernel interface such as CovarianceKernels that an engine implements)")
                .check(classes);
    }

    @Test
    void theEngineInterfaceDoesNotDependOnItsImplementations() {
        noClasses().that().resideInAPackage("org.ae4j.core.engine")
                .should().dependOnClassesThat().resideInAnyPackage("org.ae4j.core.engine.host..",
                        "org.ae4j.core.engine.portable..")
                .check(classes);
    }

    @Test
    void rawHostAccessStaysInTheHostEngine() {
        noClasses().that().resideOutsideOfPackage(HOST_ENGINE).and().doNotHaveFullyQualifiedName(HOST_WRITES)
                .should().callMethodWhere(describe("a raw host access to an ND4J buffer (asNio*, addressPointer,"
                        + " pointer)", ArchitectureTest::rawBufferAccess))
                .orShould().dependOnClassesThat().resideInAnyPackage("org.bytedeco.openblas..", "org.bytedeco.dnnl..")
                .because("under CUDA an array's memory is the device's: host writes must go through HostWrites,"
                        + " and BLAS/LAPACK/oneDNN calls on host addresses only happen in the host engine")
                .check(classes);
    }

    @Test
    void theTrainerIsTheOnlyTrainingLoop() {
        noClasses().that().resideOutsideOfPackage("org.ae4j.core.train")
                .should().callMethodWhere(describe("an Adam step (AdamOptimizer.step or minimize)",
                        ArchitectureTest::adamStep))
                .orShould().callConstructorWhere(describe("a new AdamOptimizer",
                        call -> call.getTargetOwner().isEquivalentTo(org.ae4j.core.train.AdamOptimizer.class)))
                .because("checkpoints, exact resume, the NaN guard, held-out evaluation and metrics.csv live in the"
                        + " Trainer: a model gives it a TrainGraph and Feeds (Trainer.steps for a benchmark)")
                .check(classes);
    }

    private static boolean adamStep(JavaAccess<?> access) {
        return access.getTargetOwner().isEquivalentTo(org.ae4j.core.train.AdamOptimizer.class)
                && (access.getName().equals("step") || access.getName().equals("minimize"));
    }

    @Test
    void experimentsDoNotDependOnTheReportOrTheCommandLine() {
        noClasses().that().resideInAPackage("org.ae4j.experiments")
                .should().dependOnClassesThat().resideInAnyPackage("org.ae4j.experiments.report..",
                        "org.ae4j.experiments.cli..")
                .because("an experiment declares itself (About); the report and the CLI read the registry")
                .check(classes);
    }

    @Test
    void theReportAndTheCommandLineKnowExperimentsOnlyThroughTheRegistry() {
        noClasses().that().resideInAnyPackage("org.ae4j.experiments.report..", "org.ae4j.experiments.cli..")
                .should().dependOnClassesThat().implement(Experiment.class)
                .because("adding an experiment is its class and a line in META-INF/services")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("org.ae4j.(**)").should().beFreeOfCycles().check(classes);
    }

    private static boolean rawBufferAccess(JavaAccess<?> access) {
        String owner = access.getTarget().getOwner().getName();
        String name = access.getTarget().getName();
        boolean ndBuffer = owner.startsWith("org.nd4j.linalg.api.buffer.") || owner.startsWith("org.nd4j.linalg.cpu.")
                || owner.startsWith("org.nd4j.linalg.jcublas.");
        return ndBuffer && (name.startsWith("asNio") || name.equals("addressPointer") || name.equals("pointer"));
    }
}
