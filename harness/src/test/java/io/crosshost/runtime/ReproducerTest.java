package io.crosshost.runtime;

import io.crosshost.TestModel;
import io.crosshost.matrix.Cell;
import io.crosshost.scenario.RunOptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReproducerTest {

    @Test
    void quotesTheScriptSoAShellGetsItBackVerbatim() {
        Cell cell = new Cell(TestModel.scenario("s", "echo 'it''s' && cat /etc/passwd"), TestModel.image("debian-13"), TestModel.host("docker"));

        assertThat(Reproducer.of(cell, "unix:///var/run/docker.sock", null)).isEqualTo(
                "docker -H unix:///var/run/docker.sock run --rm --network none crosshost.test/debian-13:latest "
                        + "sh -c 'echo '\\''it'\\'''\\''s'\\'' && cat /etc/passwd'");
    }

    @Test
    void masksSecretsAndCarriesEveryRunOption() {
        RunOptions options = new RunOptions("fred", "/tmp", Map.of("TOKEN", "hunter2", "LANG", "C"), Set.of("TOKEN"), null, "none",
                List.of("SYS_ADMIN"), List.of("CHOWN"), List.of("no-new-privileges"), true, false, null, null);
        Cell cell = new Cell(TestModel.scenario("s", "id", options, Set.of()), TestModel.image("i"), TestModel.host("h"));

        String line = Reproducer.of(cell, "tcp://build-host.example:2376", Path.of("/certs"));

        assertThat(line).doesNotContain("hunter2").contains("-e 'TOKEN=********'")
                .contains("--tlsverify --tlscacert=/certs/ca.pem --tlscert=/certs/cert.pem --tlskey=/certs/key.pem -H tcp://build-host.example:2376")
                .contains("--user fred --workdir /tmp -e LANG=C")
                .contains("--cap-add SYS_ADMIN --cap-drop CHOWN --security-opt no-new-privileges --read-only");
    }

    @Test
    void aPodmanHostGetsAPodmanCommandBecauseDockerRunRmThereAlwaysExitsZero() {
        Cell cell = new Cell(TestModel.scenario("s", "exit 3"), TestModel.image("debian-13"), TestModel.host("podman"));

        assertThat(Reproducer.of(cell, new Reproducer.Target("unix:///run/podman/podman.sock", null, true))).isEqualTo(
                "podman --remote --url unix:///run/podman/podman.sock run --rm --network none crosshost.test/debian-13:latest sh -c 'exit 3'");
    }

    @Test
    void aSecretWrittenIntoTheCommandIsMaskedToo() {
        RunOptions options = new RunOptions(null, null, Map.of("TOKEN", "it's-hunter2"), Set.of("TOKEN"), null, "none",
                List.of(), List.of(), List.of(), false, false, null, null);
        Cell cell = new Cell(TestModel.scenario("s", "login --token \"it's-hunter2\"", options, Set.of()), TestModel.image("i"),
                TestModel.host("h"));

        assertThat(Reproducer.of(cell, "unix:///run/h.sock", null)).doesNotContain("hunter2")
                .contains("-e 'TOKEN=********'").contains("login --token \"********\"");
    }
}
