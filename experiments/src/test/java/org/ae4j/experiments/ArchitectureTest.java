package org.ae4j.experiments;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import org.ae4j.core.optim.AdamOptimizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers, data → models → engine → training → experiments → report: data knows no model; models describe maths
 * and never see the engine that runs them nor the loop that trains them; raw host access (addresses, NIO views of
 * ND4J buffers, direct BLAS, LAPACK and oneDNN calls) stays inside the host engine, where the CPU backend is
 * guaranteed, and HostWrites, which marks every host write for the device; no two packages depend on each other.
 */
class ArchitectureTest {
    /** Datasets, file formats, feeds and random streams. */
    private static final String[] DATA = {"org.ae4j.core.data..", "org.ae4j.core.random..", "org.ae4j.graph.data..",
        "org.ae4j.graph.molecule.."};
    /** Models, likelihoods, priors, layers, objectives, alignments and the graph models: maths only. */
    private static final String[] MODELS = {"org.ae4j.core.model..", "org.ae4j.core.nn..", "org.ae4j.core.prob..",
        "org.ae4j.core.linear..", "org.ae4j.core.loss..", "org.ae4j.graph.model..", "org.ae4j.graph.nn..",
        "org.ae4j.graph.align.."};
    private static final String[] ENGINE = {"org.ae4j.core.engine..", "org.ae4j.graph.engine.."};
    private static final String[] TRAINING = {"org.ae4j.core.train..", "org.ae4j.core.optim..", "org.ae4j.core.runs.."};
    /** The lecture's experiments, one package per section, and what they share. */
    private static final String[] EXPERIMENTS = {"org.ae4j.experiments", "org.ae4j.experiments.linear",
        "org.ae4j.experiments.deep", "org.ae4j.experiments.denoising", "org.ae4j.experiments.variational",
        "org.ae4j.experiments.graph"};
    private static final String[] ABOVE_EXPERIMENTS = {"org.ae4j.experiments.report..", "org.ae4j.experiments.cli..",
        "org.ae4j.experiments.bench..", "org.ae4j.experiments.check..", "org.ae4j.notebooks.."};
    private static final String HOST_ENGINE = "..engine.host..";
    private static final String HOST_WRITES = "org.ae4j.core.memory.HostWrites";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.ae4j");
    }

    @Test
    void dataKnowsNoModelEngineOrTraining() {
        noClasses().that().resideInAnyPackage(DATA)
                .should().dependOnClassesThat().resideInAnyPackage(concat(MODELS, ENGINE, TRAINING, EXPERIMENTS))
                .because("datasets, formats and feeds serve every model; a model depends on them, not the reverse")
                .check(classes);
    }

    @Test
    void modelsDoNotDependOnTheEngine() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().dependOnClassesThat().resideInAnyPackage(ENGINE)
                .because("a model says what it computes; the engine decides how (declare a FusibleTerm, or use a"
                        + " kernel interface such as CovarianceKernels that an engine implements)")
                .check(classes);
    }

    @Test
    void modelsDoNotDependOnTheTrainingLoop() {
        noClasses().that().resideInAnyPackage(MODELS)
                .should().dependOnClassesThat().resideInAnyPackage(concat(TRAINING, EXPERIMENTS))
                .because("a model gives the Trainer a TrainGraph and its Feeds; how it is trained, checkpointed and"
                        + " logged is the Trainer's")
                .check(classes);
    }

    @Test
    void theEngineAndTheTrainerKnowNoExperiment() {
        noClasses().that().resideInAnyPackage(concat(ENGINE, TRAINING))
                .should().dependOnClassesThat().resideInAnyPackage(concat(EXPERIMENTS, ABOVE_EXPERIMENTS))
                .check(classes);
    }

    @Test
    void figuresDoNotDependOnTheExperiments() {
        noClasses().that().resideInAPackage("org.ae4j.viz..")
                .should().dependOnClassesThat().resideInAnyPackage(concat(EXPERIMENTS, ABOVE_EXPERIMENTS))
                .because("notebooks draw with viz without the experiments")
                .check(classes);
    }

    private static String[] concat(String[]... groups) {
        return Arrays.stream(groups).flatMap(Arrays::stream).toArray(String[]::new);
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
        noClasses().that().resideOutsideOfPackages("org.ae4j.core.train", "org.ae4j.core.optim")
                .should().callMethodWhere(describe("an Adam step (AdamOptimizer.step or minimize)",
                        ArchitectureTest::adamStep))
                .orShould().callConstructorWhere(describe("a new AdamOptimizer",
                        call -> call.getTargetOwner().isEquivalentTo(AdamOptimizer.class)))
                .because("checkpoints, exact resume, the NaN guard, held-out evaluation and metrics.csv live in the"
                        + " Trainer: a model gives it a TrainGraph and Feeds (Trainer.steps for a benchmark)")
                .check(classes);
    }

    private static boolean adamStep(JavaAccess<?> access) {
        return access.getTargetOwner().isEquivalentTo(AdamOptimizer.class)
                && (access.getName().equals("step") || access.getName().equals("minimize"));
    }

    @Test
    void experimentsDoNotDependOnTheReportOrTheCommandLine() {
        noClasses().that().resideInAnyPackage(EXPERIMENTS)
                .should().dependOnClassesThat().resideInAnyPackage(ABOVE_EXPERIMENTS)
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
