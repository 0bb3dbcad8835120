package io.crosshost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.crosshost.host.HostSessions;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.HostFacts;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.Scenario;
import io.crosshost.definitions.LoadedDefinitions;
import io.crosshost.triage.FactDifference;
import io.crosshost.triage.Pinpointed;
import io.crosshost.triage.TriageScope;
import io.crosshost.triage.Triage;
import io.crosshost.triage.TriageReport;
import io.crosshost.triage.VariationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code crosshost triage CELL}: which component breaks a failing cell, from real reruns and the run's facts. */
@Command(name = "triage", mixinStandardHelpOptions = true,
        description = "Say which component breaks a failing cell: compares its facts with the passing cells of the same scenario, "
                + "reruns it on its host as is and under controlled variations (seccomp=unconfined, label=disable, --cap-add ALL, "
                + "--userns=host, another user, no-new-privileges, --privileged, read-only rootfs off), and prints a verdict. "
                + "The result is also written into the run's folder under triage/.")
final class TriageCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Parameters(index = "0", paramLabel = "CELL", description = "the failing cell, as scenario/image@host")
    String cellId;

    @Option(names = "--results", paramLabel = "RUN", description = "the run's results.json or directory (default: reports/latest)")
    Path results;

    @Override
    public Integer call() throws InterruptedException, IOException {
        RunResults run = RunsOnDisk.read(results);
        CellResult failing = run.cells().stream().filter(c -> c.cellId().equals(cellId)).findFirst()
                .orElseThrow(() -> new UserError("no cell " + cellId + " in run " + run.run().runId()));
        if (failing.status() != Status.FAIL && failing.status() != Status.XFAIL) {
            throw new UserError("cell " + cellId + " is " + failing.status() + "; triage explains FAIL and XFAIL cells");
        }
        LoadedDefinitions loaded = options.load();
        Scenario scenario = loaded.scenarios().stream().filter(s -> s.id().equals(failing.scenario())).findFirst()
                .orElseThrow(() -> new UserError("scenario " + failing.scenario() + " is not in " + options.scenarioPaths()));
        HostSpec host = loaded.matrix().host(failing.host())
                .orElseThrow(() -> new UserError("host " + failing.host() + " is not in the matrix " + options.matrixFile()));
        ImageSpec image = loaded.matrix().image(failing.image())
                .orElseThrow(() -> new UserError("image " + failing.image() + " is not in the matrix " + options.matrixFile()));
        List<CellResult> scenarioCells = run.cells().stream().filter(c -> c.scenario().equals(failing.scenario())).toList();
        Map<String, HostFacts> hostFacts = new HashMap<>();
        run.hosts().forEach(h -> hostFacts.put(h.host(), h));
        Map<String, ImageFacts> imageFacts = new HashMap<>();
        run.images().forEach(i -> imageFacts.put(i.image() + "@" + i.host(), i));

        System.out.println("triage " + cellId + " (" + failing.status() + " in run " + run.run().runId() + "), rerunning on " + host.name() + "...");
        TriageReport report;
        Map<String, HostSession> others = new HashMap<>();
        try (HostSession session = HostSessions.open(host, CliSettings.hosts())) {
            if (!session.facts().reachable()) {
                throw new UserError(session.facts().error());
            }
            // Other hosts are opened on first use (a capability comparison) and closed with this one.
            TriageScope scope = new TriageScope(loaded.matrix().images(), name -> Optional.ofNullable(others.computeIfAbsent(name,
                    n -> loaded.matrix().host(n).map(h -> HostSessions.open(h, CliSettings.hosts())).orElse(null)))
                    .filter(s -> s.facts().reachable()));
            report = Triage.run(new Cell(scenario, image, host), failing, scenarioCells, hostFacts, imageFacts, session,
                    RunContext.start(loaded.matrix().defaults()), scope);
        } finally {
            others.values().forEach(HostSession::close);
        }
        print(report);
        System.out.printf("triage cost: %d reruns and %d probe containers in %.1f s%n", report.rerunCount(), report.probeCount(),
                report.seconds());
        Path written = write(report);
        System.out.println("written: " + written);
        return ExitCodes.OK;
    }

    private static void print(TriageReport report) {
        System.out.println();
        System.out.println("verdict: " + report.verdict().component() + ": " + report.verdict().summary());
        for (Pinpointed p : report.pinpoints()) {
            System.out.println();
            System.out.println(p.kind() + ": " + (p.culprits().isEmpty() ? "not named" : String.join(", ", p.culprits())));
            System.out.println("  " + p.summary());
            p.actions().forEach(a -> System.out.println("  " + a.line()));
            System.out.printf("  (%d reruns, %d probe containers, %.1f s)%n", p.reruns(), p.probes(), p.seconds());
        }
        System.out.println();
        System.out.println("reruns on " + report.host() + ":");
        for (VariationResult r : report.reruns()) {
            System.out.printf("  %-22s %-5s%s%n", r.variation(), r.status(), r.passed() && !r.variation().equals("as is") ? "  <- flips the result" : "");
        }
        if (!report.facts().isEmpty()) {
            System.out.println();
            System.out.println("facts that separate failing from passing cells of " + report.scenario() + ":");
            for (FactDifference f : report.facts()) {
                System.out.printf("  %-16s %s here; %s where it passes (separation %.2f)%n", f.fact(), f.failingValue(),
                        String.join(" / ", f.passingValues()), f.separation());
            }
        }
        System.out.println();
    }

    private Path write(TriageReport report) throws IOException {
        Path runDir = results == null ? Home.path().resolve("reports/latest")
                : Files.isDirectory(results) ? results : results.toAbsolutePath().getParent();
        Path dir = runDir.resolve("triage");
        Files.createDirectories(dir);
        String base = report.cellId().replaceAll("[^A-Za-z0-9._@-]", "_");
        Path file = dir.resolve(base + ".json");
        for (Pinpointed p : report.pinpoints()) {
            if (p.workaroundProfile() != null) {
                Path profile = dir.resolve(base + ".seccomp.json");
                Files.writeString(profile, p.workaroundProfile());
                System.out.println("workaround seccomp profile: " + profile.toAbsolutePath());
            }
        }
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule()).enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(file.toFile(), report);
        return file;
    }
}
