package io.crosshost.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a pull's credentials come from, in containers-auth.json(5)'s order, then Docker's config. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    private Path write(String path, String json) throws Exception {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        return file;
    }

    @Test
    void theFilesAreSearchedInTheOrderPodmanAndDockerUse() {
        Path home = dir.resolve("home");
        assertThat(RegistryCredentials.of(Map.of("REGISTRY_AUTH_FILE", "/a/auth.json", "XDG_RUNTIME_DIR", "/run/user/1000"), home, false).files())
                .containsExactly(Path.of("/a/auth.json"), Path.of("/run/user/1000/containers/auth.json"),
                        home.resolve(".config/containers/auth.json"), home.resolve(".docker/config.json"));
        assertThat(RegistryCredentials.of(Map.of("DOCKER_CONFIG", "/etc/ci-docker"), home, true).files())
                .as("root without XDG_RUNTIME_DIR: where podman login writes")
                .containsExactly(Path.of("/run/containers/0/auth.json"), home.resolve(".config/containers/auth.json"),
                        Path.of("/etc/ci-docker/config.json"));
    }

    @Test
    void theFirstFileThatNamesTheRegistryWinsAndABase64AuthIsDecoded() throws Exception {
        // "qe:first" and "qe:second" in base64
        Path first = write("first/auth.json", "{\"auths\": {\"registry.test:5000\": {\"auth\": \"cWU6Zmlyc3Q=\"}}}");
        write("home/.docker/config.json", "{\"auths\": {\"https://registry.test:5000/v1/\": {\"auth\": \"cWU6c2Vjb25k\"}}}");

        var credentials = RegistryCredentials.of(Map.of("REGISTRY_AUTH_FILE", first.toString()), dir.resolve("home"), false);
        var auth = credentials.forImage("registry.test:5000/lab/debian:12").orElseThrow();

        assertThat(auth.getUsername()).isEqualTo("qe");
        assertThat(auth.getPassword()).isEqualTo("first");
        assertThat(auth.getRegistryAddress()).isEqualTo("registry.test:5000");
        assertThat(RegistryCredentials.of(Map.of(), dir.resolve("home"), false).forImage("registry.test:5000/x:1").orElseThrow().getPassword())
                .as("Docker's key with scheme and path names the same registry").isEqualTo("second");
    }

    @Test
    void noEntryAHelperOnlyEntryOrABrokenFileGiveNoCredentials() throws Exception {
        write("home/.docker/config.json", "{\"auths\": {\"registry.test:5000\": {}}, \"credsStore\": \"desktop\"}");
        Path broken = write("broken/auth.json", "{\"auths\": ");
        var credentials = RegistryCredentials.of(Map.of("REGISTRY_AUTH_FILE", broken.toString()), dir.resolve("home"), false);

        assertThat(credentials.forImage("registry.test:5000/x:1")).isEmpty();
        assertThat(credentials.forImage("other.test/x:1")).isEmpty();
    }

    @Test
    void dockerHubIsOneRegistryByAllItsNames() {
        assertThat(RegistryCredentials.registryOf("fedora:40")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.registryOf("registry.crosshost.test:5443/lab/busybox:latest")).isEqualTo("registry.crosshost.test:5443");
        assertThat(RegistryCredentials.hostOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.hostOf("registry.test:5000")).isEqualTo("registry.test:5000");
    }
}
