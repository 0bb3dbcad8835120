package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.container.CliTarget;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;
import io.crosshost.scenario.RunOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducerTest {

    private static final RunContext RUN = new RunContext("20261201-120000-abcd", "lab:42:1", Defaults.STANDARD);
    private static final CliTarget DOCKER = new CliTarget("unix:///var/run/docker.sock", null, false);

    @Test
    void quotesTheScriptSoAShellGetsItBackVerbatimAndCarriesTheRunsLimitsAndLabels() {
        Cell cell = new Cell(TestModel.scenario("s", "echo 'it''s' && cat /etc/passwd"), TestModel.image("debian-13"), TestModel.host("docker"));

        assertThat(Reproducer.of(cell, RUN, DOCKER)).isEqualTo(
                "docker -H unix:///var/run/docker.sock run --rm --network none --memory 536870912 --memory-swap 536870912 "
                        + "--pids-limit 1024 --log-driver none --label crosshost.run=20261201-120000-abcd "
                        + "--label crosshost.cell=s/debian-13@docker --label crosshost.owner=lab:42:1 crosshost.test/debian-13:latest "
                        + "sh -c 'echo '\\''it'\\'''\\''s'\\'' && cat /etc/passwd'");
    }

    /** The defect of issue 13: the cgroup-limits cell ran with 256 MiB and 64 processes, its reproducer with neither. */
    @Test
    void theScenariosOwnLimitsWinOverTheMatrixDefaults() {
        RunOptions options = new RunOptions(null, null, Map.of(), Set.of(), null, null, List.of(), List.of(), List.of(), false, false,
                256L * 1024 * 1024, 64L);
        Cell cell = new Cell(TestModel.scenario("cgroup-limits", "cat /sys/fs/cgroup/pids/pids.max", options, Set.of()),
                TestModel.image("debian-12"), TestModel.host("docker"));

        assertThat(Reproducer.of(cell, RUN, DOCKER)).contains("--memory 268435456 --memory-swap 268435456 --pids-limit 64 ");
    }

    @Test
    void masksSecretsAndCarriesEveryRunOption() {
        RunOptions options = new RunOptions("fred", "/tmp", Map.of("TOKEN", "hunter2", "LANG", "C"), Set.of("TOKEN"), null, "none",
                List.of("SYS_ADMIN"), List.of("CHOWN"), List.of("no-new-privileges"), true, false, null, null);
        Cell cell = new Cell(TestModel.scenario("s", "id", options, Set.of()), TestModel.image("i"), TestModel.host("h"));

        String line = Reproducer.of(cell, RUN, new CliTarget("tcp://build-host.example:2376", Path.of("/certs"), false));

        assertThat(line).doesNotContain("hunter2").contains("-e 'TOKEN=********'")
                .contains("--tlsverify --tlscacert=/certs/ca.pem --tlscert=/certs/cert.pem --tlskey=/certs/key.pem -H tcp://build-host.example:2376")
                .contains("--user fred --workdir /tmp -e LANG=C")
                .contains("--cap-add SYS_ADMIN --cap-drop CHOWN --security-opt no-new-privileges --read-only");
    }

    @Test
    void aPodmanHostGetsAPodmanCommandBecauseDockerRunRmThereAlwaysExitsZero() {
        Cell cell = new Cell(TestModel.scenario("s", "exit 3"), TestModel.image("debian-13"), TestModel.host("podman"));

        assertThat(Reproducer.of(cell, RUN, new CliTarget("unix:///run/podman/podman.sock", null, true)))
                .startsWith("podman --remote --url unix:///run/podman/podman.sock run --rm --network none ")
                .endsWith(" crosshost.test/debian-13:latest sh -c 'exit 3'");
    }

    @Test
    void aSecretWrittenIntoTheCommandIsMaskedToo() {
        RunOptions options = new RunOptions(null, null, Map.of("TOKEN", "it's-hunter2"), Set.of("TOKEN"), null, "none",
                List.of(), List.of(), List.of(), false, false, null, null);
        Cell cell = new Cell(TestModel.scenario("s", "login --token \"it's-hunter2\"", options, Set.of()), TestModel.image("i"),
                TestModel.host("h"));

        assertThat(Reproducer.of(cell, RUN, DOCKER)).doesNotContain("hunter2")
                .contains("-e 'TOKEN=********'").contains("login --token \"********\"");
    }

    @Test
    void anInlineSeccompProfileIsWrittenToAFileFirstBecauseTheCliTakesAPath() {
        Cell cell = new Cell(TestModel.scenario("s", "true"), TestModel.image("i"), TestModel.host("h"));
        String json = "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"faccessat2\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}";

        String line = Reproducer.of(RUN.specOf(cell).plusSecurityOpt("seccomp=" + json), DOCKER);

        assertThat(line).startsWith("printf '%s' '" + json + "' > /tmp/crosshost-seccomp-")
                .containsPattern(" && docker -H \\S+ run .*--security-opt seccomp=/tmp/crosshost-seccomp-[0-9a-f]{16}\\.json ");
    }
}
