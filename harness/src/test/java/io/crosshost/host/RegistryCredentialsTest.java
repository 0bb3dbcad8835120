package io.crosshost.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a pull's credentials come from, in containers-auth.json(5)'s order, then Docker's config, helpers included. */
class RegistryCredentialsTest {

    @TempDir
    Path dir;

    /** The lines a resolver gave about helpers that failed. */
    private final List<String> warnings = new CopyOnWriteArrayList<>();

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
    void noEntryAnEmptyEntryOrABrokenFileGiveNoCredentials() throws Exception {
        write("home/.docker/config.json", "{\"auths\": {\"registry.test:5000\": {}}}");
        Path broken = write("broken/auth.json", "{\"auths\": ");
        var credentials = RegistryCredentials.of(Map.of("REGISTRY_AUTH_FILE", broken.toString()), dir.resolve("home"), false,
                Duration.ofSeconds(5), warnings::add);

        assertThat(credentials.forImage("registry.test:5000/x:1")).isEmpty();
        assertThat(credentials.forImage("other.test/x:1")).isEmpty();
        assertThat(warnings).isEmpty();
    }

    /** A resolver whose PATH starts with dir/bin, where the tests write their fake helpers. */
    private RegistryCredentials withHelpers(Map<String, String> env) {
        Map<String, String> withPath = new HashMap<>(env);
        withPath.put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        return RegistryCredentials.of(withPath, dir.resolve("home"), false, Duration.ofSeconds(5), warnings::add);
    }

    /** A helper that answers user NAME, secret "NAME-secret" for any server, and logs each server it was asked for. */
    private void answeringHelper(String name) throws Exception {
        CredentialHelperTest.fakeHelper(dir.resolve("bin"), name, "echo \"$url\" >> " + dir.resolve(name + ".asked")
                + "\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"" + name + "\",\"Secret\":\"" + name + "-secret\"}' \"$url\"");
    }

    @Test
    void dockersPrecedenceIsCredHelpersThenCredsStoreThenAuths() throws Exception {
        answeringHelper("ecr");
        answeringHelper("desktop");
        // "qe:inline" in base64: ignored once a credsStore is set, as the Docker CLI ignores it
        write("home/.docker/config.json", """
                {"auths": {"registry.test:5000": {"auth": "cWU6aW5saW5l"}, "other.test": {"auth": "cWU6aW5saW5l"},
                           "inline.test": {"auth": "cWU6aW5saW5l"}},
                 "credHelpers": {"registry.test:5000": "ecr", "inline.test": ""},
                 "credsStore": "desktop"}
                """);
        var credentials = withHelpers(Map.of());

        assertThat(credentials.forImage("inline.test/x:1").orElseThrow().getPassword())
                .as("an empty credHelpers entry keeps the registry out of the credsStore").isEqualTo("inline");

        assertThat(credentials.forImage("registry.test:5000/x:1").orElseThrow().getPassword()).isEqualTo("ecr-secret");
        assertThat(credentials.forImage("other.test/x:1").orElseThrow().getPassword()).isEqualTo("desktop-secret");
        assertThat(credentials.forImage("fedora:40").orElseThrow())
                .satisfies(a -> assertThat(a.getUsername()).isEqualTo("desktop"))
                .satisfies(a -> assertThat(a.getRegistryAddress()).isEqualTo("docker.io"));
        assertThat(dir.resolve("ecr.asked")).hasContent("registry.test:5000");
        assertThat(Files.readAllLines(dir.resolve("desktop.asked"))).as("Docker Hub by its config key")
                .containsExactly("other.test", "https://index.docker.io/v1/");
        assertThat(warnings).isEmpty();
    }

    @Test
    void anAuthFilesCredHelpersEntryCountsInItsPlaceButOnlyDockersConfigHasACredsStore() throws Exception {
        answeringHelper("ecr");
        Path first = write("first/auth.json", "{\"credHelpers\": {\"registry.test:5000\": \"ecr\"}, \"credsStore\": \"ecr\"}");
        // "qe:docker" in base64
        write("home/.docker/config.json", "{\"auths\": {\"registry.test:5000\": {\"auth\": \"cWU6ZG9ja2Vy\"}, \"other.test\": {\"auth\": \"cWU6ZG9ja2Vy\"}}}");
        var credentials = withHelpers(Map.of("REGISTRY_AUTH_FILE", first.toString()));

        assertThat(credentials.forImage("registry.test:5000/x:1").orElseThrow().getPassword()).isEqualTo("ecr-secret");
        assertThat(credentials.forImage("other.test/x:1").orElseThrow().getPassword()).isEqualTo("docker");
    }

    @Test
    void aHelperIsAskedOncePerRegistryAndHavingNoneIsSilent() throws Exception {
        answeringHelper("ecr");
        CredentialHelperTest.fakeHelper(dir.resolve("bin"), "empty", "echo 'credentials not found in native keychain'; exit 1");
        write("home/.docker/config.json", "{\"credHelpers\": {\"registry.test:5000\": \"ecr\", \"other.test\": \"empty\"}}");
        var credentials = withHelpers(Map.of());

        for (int i = 0; i < 3; i++) {
            assertThat(credentials.forImage("registry.test:5000/image-" + i + ":1")).isPresent();
            assertThat(credentials.forImage("other.test/x:1")).isEmpty();
        }
        assertThat(Files.readAllLines(dir.resolve("ecr.asked"))).containsExactly("registry.test:5000");
        assertThat(warnings).isEmpty();
    }

    @Test
    void hostsAskingAtOnceWaitForTheOneAnswer() throws Exception {
        CredentialHelperTest.fakeHelper(dir.resolve("bin"), "slow", "echo \"$url\" >> " + dir.resolve("slow.asked")
                + "\nsleep 0.5\nprintf '{\"Username\":\"qe\",\"Secret\":\"slow-secret\"}'");
        write("home/.docker/config.json", "{\"credsStore\": \"slow\"}");
        var credentials = withHelpers(Map.of());

        var hosts = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            java.util.concurrent.Callable<java.util.Optional<com.github.dockerjava.api.model.AuthConfig>> pull =
                    () -> credentials.forImage("registry.test:5000/x:1");
            var asked = hosts.invokeAll(java.util.Collections.nCopies(4, pull));
            for (var answer : asked) {
                assertThat(answer.get().orElseThrow().getPassword()).isEqualTo("slow-secret");
            }
        } finally {
            hosts.shutdownNow();
        }
        assertThat(Files.readAllLines(dir.resolve("slow.asked"))).containsExactly("registry.test:5000");
    }

    @Test
    void aHelperThatIsMissingFailsOrHangsIsOneLineNamingItAndTheRegistryAndThePullGoesOnWithout() throws Exception {
        CredentialHelperTest.fakeHelper(dir.resolve("bin"), "pass", "echo '{\"Username\":\"qe\",\"Secret\":\"pass-secret\"}'; exit 1");
        CredentialHelperTest.fakeHelper(dir.resolve("bin"), "hang", "sleep 60");
        write("home/.docker/config.json", """
                {"credHelpers": {"registry.test:5000": "pass", "hanging.test": "hang"}, "credsStore": "secretservice"}
                """);
        Map<String, String> path = Map.of("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
        var credentials = RegistryCredentials.of(path, dir.resolve("home"), false, Duration.ofMillis(500), warnings::add);
        Path config = dir.resolve("home/.docker/config.json");

        assertThat(credentials.forImage("registry.test:5000/x:1")).isEmpty();
        assertThat(credentials.forImage("other.test/x:1")).isEmpty();
        assertThat(credentials.forImage("hanging.test/x:1")).isEmpty();
        assertThat(credentials.forImage("hanging.test/y:1")).isEmpty();
        assertThat(warnings).containsExactly(
                "no credentials for registry registry.test:5000: docker-credential-pass exited with status 1 (credHelpers in "
                        + config + "); its images are pulled without credentials",
                "no credentials for registry other.test: docker-credential-secretservice is not on the PATH (credsStore in "
                        + config + "); its images are pulled without credentials",
                "no credentials for registry hanging.test: docker-credential-hang did not answer within 500ms (credHelpers in "
                        + config + "); its images are pulled without credentials");
        assertThat(String.join("\n", warnings)).doesNotContain("pass-secret");
    }

    @Test
    void dockerHubIsOneRegistryByAllItsNames() {
        assertThat(RegistryCredentials.registryOf("fedora:40")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.registryOf("registry.crosshost.test:5443/lab/busybox:latest")).isEqualTo("registry.crosshost.test:5443");
        assertThat(RegistryCredentials.hostOf("https://index.docker.io/v1/")).isEqualTo("docker.io");
        assertThat(RegistryCredentials.hostOf("registry.test:5000")).isEqualTo("registry.test:5000");
    }
}
