package io.crosshost.triage;

import io.crosshost.TestModel;
import io.crosshost.fake.FakeContainer;
import io.crosshost.fake.FakeEngine;
import io.crosshost.fake.FakeProcess;
import io.crosshost.host.HostSessions;
import io.crosshost.host.HostSettings;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.CellResult;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.Status;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import io.crosshost.scenario.Scenario;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The libselinux useradd bug of the seed, which no lab host can show (no SELinux in this kernel): a RHEL 6.5 image
 * fails useradd, a RHEL 6.10 image passes on the same host, and package pinpointing must name libselinux with both
 * versions, out of rpm-style inventories that differ in more than that, through hybrids on a fake engine whose
 * useradd fails exactly when the old libselinux's files are in the container.
 */
class PackagePinpointTest {

    private static final String OLD = "rhel.test/rhel6:6.5";
    private static final String NEW = "rhel.test/rhel6:6.10";
    private static final String LIBSELINUX = "/lib64/libselinux.so.1";

    /** name -> version in each image; libselinux 2.0.94-5.3 has the fallback to /proc/filesystems that breaks useradd. */
    private static final Map<String, Map<String, String>> PACKAGES = Map.of(
            OLD, Map.of("libselinux", "2.0.94-5.3.el6", "shadow-utils", "4.1.4.2-13.el6", "bash", "4.1.2-15.el6_4",
                    "glibc", "2.12-1.132.el6", "coreutils", "8.4-31.el6"),
            NEW, Map.of("libselinux", "2.0.94-7.el6", "shadow-utils", "4.1.5.1-5.el6", "bash", "4.1.2-48.el6",
                    "glibc", "2.12-1.212.el6", "coreutils", "8.4-47.el6", "libsepol", "2.0.41-4.el6"));

    private FakeEngine engine;
    private HostSpec host;

    @BeforeEach
    void start(@TempDir Path dir) throws Exception {
        engine = FakeEngine.start(dir);
        host = engine.host("rhel7-enforcing", 1);
        engine.scriptSeeing(PackagePinpointTest::behave);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    /** What the fake's containers do: rpm answers from the image's inventory, and useradd depends on libselinux's files. */
    private static FakeProcess behave(FakeContainer c, List<String> argv) {
        String script = argv.get(argv.size() - 1);
        String all = String.join(" ", argv);
        Map<String, String> packages = PACKAGES.getOrDefault(c.image(), Map.of());
        if (all.contains("# crosshost-packages")) {
            StringBuilder out = new StringBuilder("# crosshost-packages rpm\n");
            packages.forEach((name, version) -> out.append(name).append('\t').append(version).append("\tx86_64\t")
                    .append(name).append('-').append(version).append(".src.rpm\n"));
            return FakeProcess.exits(0).printing(out.toString(), "");
        }
        if (all.contains("# crosshost-package ")) {
            StringBuilder out = new StringBuilder();
            for (String name : argv.subList(4, argv.size())) {
                out.append("# crosshost-package ").append(name).append('\n').append(fileOf(name)).append('\n');
            }
            return FakeProcess.exits(0).printing(out.toString(), "");
        }
        if (all.contains("tar -c -f /tmp/crosshost-hybrid.tar")) {
            return FakeProcess.exits(0).writing("/tmp/crosshost-hybrid.tar", tarOf(c.image(), argv.subList(4, argv.size())));
        }
        if (script.equals("useradd fred && grep -c fred /etc/passwd")) {
            String libselinux = c.copiedIn().getOrDefault(LIBSELINUX, c.image() + ":" + LIBSELINUX);
            return libselinux.startsWith(OLD + ":")
                    ? FakeProcess.exits(12).printing("", "useradd: failure while writing changes to /etc/passwd\n")
                    : FakeProcess.exits(0).printing("1\n", "");
        }
        // The variations' reruns and the probes that do not apply here (no perl, no capability difference).
        return FakeProcess.exits(127).printing("", "exec: \"" + argv.get(0) + "\": executable file not found in $PATH\n");
    }

    private static String fileOf(String pkg) {
        return pkg.equals("libselinux") ? LIBSELINUX : "/usr/lib64/" + pkg + ".so";
    }

    /** The export's tar of an image's files of these packages; each file's content names its image (ASCII only). */
    private static String tarOf(String image, List<String> packages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (String pkg : packages) {
                byte[] content = (image + ":" + fileOf(pkg)).getBytes(StandardCharsets.US_ASCII);
                TarArchiveEntry entry = new TarArchiveEntry(fileOf(pkg).substring(1));
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void theFailingImagesLibselinuxIsNamedWithBothVersionsAndConfirmed() throws Exception {
        ImageSpec old = new ImageSpec("rhel-6.5", OLD, null, ImageSpec.PullPolicy.NEVER, Map.of());
        ImageSpec fixed = new ImageSpec("rhel-6.10", NEW, null, ImageSpec.PullPolicy.NEVER, Map.of());
        Scenario useradd = TestModel.scenario("useradd-passwd", "useradd fred && grep -c fred /etc/passwd");
        CellResult failing = result(useradd, old, Status.FAIL);
        List<CellResult> cells = List.of(failing, result(useradd, fixed, Status.PASS));
        Map<String, ImageFacts> facts = Map.of(
                "rhel-6.5@" + host.name(), facts(old), "rhel-6.10@" + host.name(), facts(fixed));
        TriageReport report;
        try (HostSession session = HostSessions.open(host, HostSettings.defaults())) {
            report = Triage.run(new Cell(useradd, old, host), failing, cells, Map.of(host.name(), session.facts()), facts, session,
                    RunContext.start(Defaults.STANDARD), new TriageScope(List.of(old, fixed), h -> Optional.empty(), new ProbeMemo()));
        }

        Pinpointed pkg = report.pinpoints().stream().filter(p -> p.kind().equals("package")).findFirst().orElseThrow();
        assertThat(pkg.culprits()).containsExactly("libselinux 2.0.94-7.el6 -> 2.0.94-5.3.el6");
        assertThat(pkg.actions().get(0).confirmed()).as(pkg.actions().get(0).text()).isTrue();
        assertThat(pkg.actions().get(1).text()).isEqualTo("rhel-6.5 with rhel-6.10's libselinux passes");
        assertThat(pkg.actions().get(1).confirmed()).isTrue();
        assertThat(pkg.summary()).contains("out of 6 differing packages");
        assertThat(report.verdict().summary()).endsWith("package: libselinux 2.0.94-7.el6 -> 2.0.94-5.3.el6");
        assertThat(engine.containers()).as("every hybrid, probe and rerun container removed").isEmpty();
    }

    private CellResult result(Scenario s, ImageSpec image, Status status) {
        return new CellResult(Cell.id(s.id(), image.name(), host.name()), s.id(), image.name(), host.name(), status, "", List.of(),
                Instant.now(), Duration.ofSeconds(1), 1, null, null, null, null, null, List.of());
    }

    private ImageFacts facts(ImageSpec image) {
        return new ImageFacts(image.name(), host.name(), image.reference(), "sha256:" + image.name(), "sha256:" + image.name(),
                "Red Hat Enterprise Linux 6", "glibc", "2.12", null, "rpm", null);
    }
}
