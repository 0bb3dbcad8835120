package io.crosshost.suites;

import io.crosshost.cli.Cli;
import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * container-structure-test and goss files as teams keep them (src/test/resources/suites: a v2 YAML file beside a v1
 * JSON one, a file meant to fail, a goss file including another) run on every lab host through the command: the tests
 * meant to pass pass on Docker, the legacy Docker and Podman alike, and those meant to fail fail with a message that
 * names the test or resource. Cell by cell, from results.json.
 */
class ImportedSuitesIT {

    private static final Path SUITES = Path.of("src/test/resources/suites");
    private static final List<String> HOSTS = List.of("docker", "docker-legacy", "podman");

    /** The tests meant to fail, with what each cell's message must name. */
    private static final Map<String, String> MEANT_TO_FAIL = Map.ofEntries(
            Map.entry("cst.debian-broken-expectations.expects-apt-3", "expects apt 3: stdout"),
            Map.entry("cst.debian-broken-expectations.wrong-exit-code", "wrong exit code: exit code"),
            Map.entry("cst.debian-broken-expectations.forbidden-output", "forbidden output: stdout"),
            Map.entry("cst.debian-broken-expectations.passwd-is-not-setuid", "passwd is not setuid: file /usr/bin/passwd: mode"),
            Map.entry("cst.debian-broken-expectations.metadata", "metadata: image label org.opencontainers.image.title"),
            Map.entry("goss.goss-broken.command-id--u", "Command: id -u: stdout"),
            Map.entry("goss.goss-broken.file-etc-motd", "File: /etc/motd: file /etc/motd"),
            Map.entry("goss.goss-broken.package-ca-certificates", "Package: ca-certificates: package ca-certificates (dpkg) should be installed"),
            Map.entry("goss.goss-broken.user-app", "User: app: file /etc/passwd"));

    @Test
    void suitesRunOnEveryLabHostAndFailWhereTheyAreMeantTo(@TempDir Path reports) throws Exception {
        long t0 = System.nanoTime();
        Cli.Result run = Cli.run("run", "-m", SUITES.resolve("matrices/suites-lab.yaml").toString(), "--reports", reports.toString());
        System.out.printf("ImportedSuitesIT: the run took %.1f s%n", (System.nanoTime() - t0) / 1e9);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        List<CellResult> ran = results.cells().stream().filter(c -> c.status() != Status.SKIP).toList();
        Map<String, Set<String>> hostsByScenario = ran.stream().collect(Collectors.groupingBy(CellResult::scenario, TreeMap::new,
                Collectors.mapping(CellResult::host, Collectors.toSet())));
        assertThat(hostsByScenario.keySet()).as("every test and resource is a row").hasSize(40)
                .contains("cst.debian-base.dash-is-the-system-shell", "cst.debian-base.metadata", "cst.debian-base.license-1",
                        "cst.busybox-v1.root-in-passwd", "goss.goss.command-date-utc", "goss.goss-accounts.user-root")
                .as("skip: true leaves the resource out").doesNotContain("goss.goss.package-telnet");
        assertThat(hostsByScenario).allSatisfy((id, hosts) -> assertThat(hosts).as(id).containsExactlyInAnyOrderElementsOf(HOSTS));
        for (CellResult c : ran) {
            String meant = MEANT_TO_FAIL.get(c.scenario());
            if (meant == null) {
                assertThat(c.status()).as(c.cellId() + ": " + c.message()).isEqualTo(Status.PASS);
            } else {
                assertThat(c.status()).as(c.cellId()).isEqualTo(Status.FAIL);
                assertThat(c.message()).as(c.cellId()).contains(c.scenario() + " / debian-12 @ " + c.host() + ": " + meant);
            }
            if (c.scenario().startsWith("cst.")) {
                assertThat(c.reproducer()).as("CST replaces the entrypoint: " + c.cellId()).contains("--entrypoint ''");
            }
        }
        assertThat(ran.stream().filter(c -> c.image().equals("busybox")).map(CellResult::scenario).distinct())
                .as("the v1 JSON file ran on busybox").hasSize(4).allMatch(id -> id.startsWith("cst.busybox-v1."));
    }
}
