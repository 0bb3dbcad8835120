package io.crosshost.engine;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.launcher.LauncherConstants.CAPTURE_STDOUT_PROPERTY_NAME;

/**
 * {@code network: disabled} keeps a cell off any network exactly as {@code none} does (only loopback, and it is up),
 * on all three lab hosts; on Docker the engine sets up no network sandbox, so /etc/hosts is the image's own (the
 * lab's Debian 12 has none with localhost in it) where {@code none} gets the engine's. The matrix's
 * {@code defaults.network} reaches scenarios that name no network.
 */
class NetworkDisabledIT {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/network").toAbsolutePath();

    @Test
    void disabledIsNoNetworkWithoutTheEnginesSandbox() {
        Map<String, CellResult> results = EngineRuns.cells(Map.of(
                CrosshostConfiguration.MATRIX, FIXTURES.resolve("matrices/network.yaml").toString(),
                CrosshostConfiguration.SCENARIO_PATHS, FIXTURES.toString(),
                CAPTURE_STDOUT_PROPERTY_NAME, "false"));

        assertThat(results).hasSize(9);
        for (String host : List.of("docker", "docker-legacy", "podman")) {
            String none = stdout(results, "net-none/debian-12@" + host);
            String disabled = stdout(results, "net-disabled/debian-12@" + host);
            String matrixDefault = stdout(results, "net-matrix-default/debian-12@" + host);
            for (String out : List.of(none, disabled, matrixDefault)) {
                // IFF_UP | IFF_LOOPBACK: loopback is there and up; nothing else is.
                assertThat(out).as(host).contains("interfaces lo \n").contains("lo flags 0x9\n");
            }
            assertThat(matrixDefault).as("the matrix default is disabled on %s", host).isEqualTo(disabled);
            if (host.startsWith("docker")) {
                assertThat(none).as(host).contains("localhost lines in /etc/hosts 2\n");
                assertThat(disabled).as("no engine-written /etc/hosts on %s", host).contains("localhost lines in /etc/hosts 0\n");
            } else {
                // Podman ignores NetworkDisabled; the mode none sent with it keeps the cell off its bridge.
                assertThat(disabled).as(host).isEqualTo(none);
            }
            assertThat(results.get("net-disabled/debian-12@" + host).reproducer()).contains("--network none");
        }
    }

    private static String stdout(Map<String, CellResult> results, String cellId) {
        CellResult cell = results.get(cellId);
        assertThat(cell).as(cellId).isNotNull();
        assertThat(cell.status()).as(cellId + ": " + cell.message()).isEqualTo(Status.PASS);
        return cell.steps().get(0).stdout().text();
    }
}
