package io.crosshost.cli;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lab matrix's grid for what the user-namespace and runtime hosts break, run through the harness as the main job
 * runs it and asserted cell by cell: the scenarios whose verdicts differ between the hosts
 * (chown, mknod, /proc/sys, cgroup limits, a syscall newer than the profile, a file owned by uid 200000), on Debian 13
 * and the high-uid image, on rootful Podman and the three hosts of hosts-extra.sh. LabGridIT proves the hosts' behaviour through docker-java alone; this proves that the
 * harness turns it into the verdicts the catalog's known failures promise, and that an image a host cannot store is
 * "image not usable on this host" in the engine's own words, never an ERROR.
 */
class NewHostsGridIT {

    private static final Path ROOT = Path.of(System.getProperty("crosshost.root", "..")).toAbsolutePath().normalize();
    private static final List<String> SCENARIOS = List.of("chown-outside-mapping", "mknod-device", "proc-sys-write",
            "cgroup-limits", "new-syscall-enosys", "high-uid-file");
    /** The hosts these scenarios tell apart; docker and docker-legacy pass them all, as the main job's grid shows. */
    private static final List<String> HOSTS = List.of("podman", "podman-rootless", "docker-userns", "docker-crun");

    @Test
    void eachHostBreaksWhatItBreaksAndNothingElse(@TempDir Path reports) throws Exception {
        Cli.Result run = Cli.run("run", "-m", ROOT.resolve("scenarios/matrices/lab.yaml").toString(),
                "--scenarios", ROOT.resolve("scenarios").toString(), "-s", String.join(",", SCENARIOS),
                "--image", "debian-13,high-uid", "--host", String.join(",", HOSTS), "--reports", reports.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        Map<String, Status> grid = results.cells().stream().collect(Collectors.toMap(CellResult::cellId, CellResult::status,
                (a, b) -> a, TreeMap::new));

        Map<String, Status> expected = new TreeMap<>();
        for (String host : HOSTS) {
            for (String scenario : SCENARIOS) {
                expected.put(scenario + "/debian-13@" + host, scenario.equals("high-uid-file") ? Status.SKIP : Status.PASS);
                expected.put(scenario + "/high-uid@" + host, scenario.equals("high-uid-file") ? Status.PASS : Status.SKIP);
            }
        }
        // What each host breaks, from the scenarios' known failures (each checked by hand on all six hosts):
        for (String host : List.of("podman-rootless", "docker-userns")) {
            expected.put("chown-outside-mapping/debian-13@" + host, Status.XFAIL);
            expected.put("high-uid-file/high-uid@" + host, Status.XFAIL);
        }
        for (String host : List.of("podman", "podman-rootless", "docker-userns")) {
            expected.put("mknod-device/debian-13@" + host, Status.XFAIL);
        }
        for (String host : List.of("podman", "podman-rootless", "docker-userns")) {
            expected.put("proc-sys-write/debian-13@" + host, Status.XFAIL);
        }
        expected.put("cgroup-limits/debian-13@podman-rootless", Status.XFAIL);
        expected.put("new-syscall-enosys/debian-13@docker-crun", Status.XFAIL);
        assertThat(grid).containsExactlyInAnyOrderEntriesOf(expected);

        // The image a host cannot store: its own kind of known failure, in the engine's words.
        Map<String, String> refusals = Map.of(
                "podman-rootless", "potentially insufficient UIDs or GIDs available in user namespace",
                "docker-userns", "cannot be mapped to a host ID");
        refusals.forEach((host, words) -> {
            CellResult cell = results.cells().stream().filter(c -> c.cellId().equals("high-uid-file/high-uid@" + host))
                    .findFirst().orElseThrow();
            assertThat(cell.message()).as(cell.cellId()).startsWith("image not usable on this host").contains(words);
        });
    }
}
