package org.ae4j.experiments.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.ae4j.experiments.Experiment;
import org.ae4j.experiments.Experiments;

/**
 * The shared IntelliJ run configurations in {@code .run/} that start the command line: a full and a quick one for every
 * experiment and for the reproduction, generated from the experiment registry. Other configurations in the folder
 * (the test suites) are left alone.
 */
public final class RunConfigurations {
    /** Where IntelliJ reads shared run configurations, relative to the project root. */
    public static final Path FOLDER = Path.of(".run");
    /** The command that brings {@code .run/} up to date, run from the project root. */
    public static final String REGENERATE = "scripts/ae4j run-configurations --write";

    private static final String EXPERIMENT_VM_OPTIONS = "-Xmx8g";
    private static final String REPRODUCTION_VM_OPTIONS =
            "-Xmx4g -Dorg.bytedeco.javacpp.maxbytes=8g -Dorg.bytedeco.javacpp.maxphysicalbytes=16g";
    private static final String MAIN_CLASS =
            "<option name=\"MAIN_CLASS_NAME\" value=\"" + Ae4j.class.getName() + "\" />";

    /**
     * One Application configuration running {@link Ae4j} from the project root.
     *
     * @param file      its file name in {@code .run/}
     * @param name      its name in IntelliJ
     * @param folder    the IntelliJ folder it is shown in, or null for none
     * @param arguments the command line's arguments
     * @param vmOptions the JVM's options
     */
    public record Configuration(String file, String name, String folder, String arguments, String vmOptions) {
        public Configuration {
            if (file == null || !file.endsWith(".run.xml") || file.contains("/")) {
                throw new IllegalArgumentException("a run configuration's file is <name>.run.xml, got " + file);
            }
            Objects.requireNonNull(name);
            Objects.requireNonNull(arguments);
            Objects.requireNonNull(vmOptions);
        }

        /** The file's text, as IntelliJ writes it. */
        public String xml() {
            return "<component name=\"ProjectRunConfigurationManager\">\n"
                    + "  <configuration default=\"false\" name=\"" + escape(name)
                    + "\" type=\"Application\" factoryName=\"Application\""
                    + (folder == null ? "" : " folderName=\"" + escape(folder) + "\"") + ">\n"
                    + "    " + MAIN_CLASS + "\n"
                    + "    <module name=\"ae4j-experiments\" />\n"
                    + "    <option name=\"PROGRAM_PARAMETERS\" value=\"" + escape(arguments) + "\" />\n"
                    + "    <option name=\"VM_PARAMETERS\" value=\"" + escape(vmOptions) + "\" />\n"
                    + "    <option name=\"WORKING_DIRECTORY\" value=\"$PROJECT_DIR$\" />\n"
                    + "    <envs>\n"
                    + "      <env name=\"OMP_NUM_THREADS\" value=\"1\" />\n"
                    + "      <env name=\"OMP_WAIT_POLICY\" value=\"PASSIVE\" />\n"
                    + "    </envs>\n"
                    + "    <method v=\"2\">\n"
                    + "      <option name=\"Make\" enabled=\"true\" />\n"
                    + "    </method>\n"
                    + "  </configuration>\n"
                    + "</component>\n";
        }
    }

    /** How a file in {@code .run/} differs from what the registry generates. */
    public enum Difference { MISSING, CHANGED, STALE }

    /** A file of {@code .run/} that is not as generated. */
    public record Mismatch(String file, Difference difference) {
        @Override
        public String toString() {
            return file + " (" + difference.name().toLowerCase() + ")";
        }
    }

    private RunConfigurations() {
    }

    /** Every generated configuration: each experiment's full and quick runs, then the reproduction's. */
    public static List<Configuration> all() {
        List<Configuration> all = new ArrayList<>();
        for (Experiment e : Experiments.all()) {
            String name = e.name();
            all.add(new Configuration(name + ".run.xml", name, "experiments (full)", "run " + name,
                    EXPERIMENT_VM_OPTIONS));
            all.add(new Configuration(name + "-quick.run.xml", name + " (quick)", "experiments (quick)",
                    "run " + name + " --quick", EXPERIMENT_VM_OPTIONS));
        }
        for (String length : List.of("quick", "full")) {
            all.add(new Configuration("reproduce-" + length + ".run.xml", "reproduce the lecture (" + length + ")",
                    null, "reproduce --" + length, REPRODUCTION_VM_OPTIONS));
        }
        return List.copyOf(all);
    }

    /**
     * The files of {@code folder} that are not as generated: missing, with other contents, or stale (a configuration
     * that starts the command line but is not generated, e.g. of an experiment since renamed), by file name.
     */
    public static List<Mismatch> check(Path folder) throws IOException {
        List<Mismatch> mismatches = new ArrayList<>();
        Map<String, Configuration> generated = new TreeMap<>();
        all().forEach(c -> generated.put(c.file(), c));
        for (Configuration c : generated.values()) {
            Path file = folder.resolve(c.file());
            if (!Files.exists(file)) {
                mismatches.add(new Mismatch(c.file(), Difference.MISSING));
            } else if (!Files.readString(file, StandardCharsets.UTF_8).equals(c.xml())) {
                mismatches.add(new Mismatch(c.file(), Difference.CHANGED));
            }
        }
        for (String file : startingTheCli(folder)) {
            if (!generated.containsKey(file)) {
                mismatches.add(new Mismatch(file, Difference.STALE));
            }
        }
        return List.copyOf(mismatches);
    }

    /** Brings {@code folder} up to date: writes missing and changed files, deletes stale ones; returns what it did. */
    public static List<Mismatch> write(Path folder) throws IOException {
        List<Mismatch> mismatches = check(folder);
        Map<String, String> xml = all().stream().collect(Collectors.toMap(Configuration::file, Configuration::xml));
        for (Mismatch m : mismatches) {
            Path file = folder.resolve(m.file());
            if (m.difference() == Difference.STALE) {
                Files.delete(file);
            } else {
                Files.writeString(file, xml.get(m.file()), StandardCharsets.UTF_8);
            }
        }
        return mismatches;
    }

    /** The run configurations in {@code folder} whose main class is the command line. */
    private static Set<String> startingTheCli(Path folder) throws IOException {
        Set<String> files = new TreeSet<>();
        try (Stream<Path> all = Files.list(folder)) {
            for (Path f : all.filter(p -> p.getFileName().toString().endsWith(".run.xml")).toList()) {
                if (Files.readString(f, StandardCharsets.UTF_8).contains(MAIN_CLASS)) {
                    files.add(f.getFileName().toString());
                }
            }
        }
        return files;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
