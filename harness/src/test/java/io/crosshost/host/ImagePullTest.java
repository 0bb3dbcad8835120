package io.crosshost.host;

import io.crosshost.fake.FakeEngine;
import io.crosshost.matrix.Defaults;
import io.crosshost.matrix.HostSpec;
import io.crosshost.matrix.ImageSpec;
import io.crosshost.result.ImageFacts;
import io.crosshost.result.PullProgress;
import io.crosshost.runtime.HostSession;
import io.crosshost.runtime.RunContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Pulls through the harness's real host path, on the fake engine: credentials, progress, the digest, faults, the deadline. */
class ImagePullTest {

    private static final String REF = "registry.example.test:5000/lab/busybox:latest";
    private static final String PASSWORD = "s3cret-pull-password";

    @TempDir
    Path dir;
    private FakeEngine engine;
    private HostSpec host;
    private final List<PullProgress> pulls = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        engine = FakeEngine.start(dir).withoutImage(REF);
        host = engine.host("fake", 1);
    }

    @AfterEach
    void stop() throws Exception {
        engine.close();
    }

    private Path authFile(String name, String registry, String user, String password) throws Exception {
        String auth = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Path file = Files.createDirectories(dir.resolve(name)).resolve("auth.json");
        Files.writeString(file, "{\"auths\": {\"" + registry + "\": {\"auth\": \"" + auth + "\"}}}");
        return file;
    }

    private ImageFacts prepare(HostSettings settings, ImageSpec.PullPolicy policy) {
        try (HostSession session = HostSessions.open(host, settings.withPullDeadline(settings.pullDeadline()))) {
            return session.prepareImage(new ImageSpec("busybox", REF, null, policy, Map.of()), RunContext.start(Defaults.STANDARD), pulls::add);
        }
    }

    private HostSettings withEnvironment(Map<String, String> env) {
        return HostSettings.defaults().withCredentials(RegistryCredentials.of(env, dir.resolve("home"), false));
    }

    @Test
    void aPullCarriesTheRegistrysCredentialsFromRegistryAuthFileAndRecordsTheRegistryDigest() throws Exception {
        Path auth = authFile("containers", "registry.example.test:5000", "qe", PASSWORD);

        ImageFacts facts = prepare(withEnvironment(Map.of("REGISTRY_AUTH_FILE", auth.toString())), ImageSpec.PullPolicy.MISSING);

        assertThat(facts.error()).isNull();
        assertThat(facts.digest()).as("the registry's digest of the reference's repository").isEqualTo(FakeEngine.pulledDigest());
        assertThat(engine.registryAuths()).singleElement().satisfies(header -> assertThat(header)
                .contains("\"username\":\"qe\"", "\"password\":\"" + PASSWORD + "\"", "registry.example.test:5000"));
        PullProgress last = pulls.get(pulls.size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.error()).isNull();
        assertThat(last.digest()).isEqualTo(FakeEngine.pulledDigest());
        assertThat(last.registry()).isEqualTo("registry.example.test:5000");
        assertThat(last.layers()).isEqualTo(1);
        assertThat(last.layersDone()).isEqualTo(1);
        assertThat(last.bytesDone()).isEqualTo(2000);
        assertThat(last.bytesTotal()).isEqualTo(2000);
        assertThat(pulls).as("no progress record carries a credential").allSatisfy(p -> assertThat(p.toString()).doesNotContain(PASSWORD));
    }

    @Test
    void dockersConfigJsonWithABase64AuthIsUsedWhenNoContainersAuthFileNamesTheRegistry() throws Exception {
        Path other = authFile("containers", "elsewhere.example.test", "nobody", "nothing");
        Path docker = authFile("docker", "https://registry.example.test:5000", "qe", PASSWORD).resolveSibling("config.json");
        Files.move(docker.resolveSibling("auth.json"), docker);

        ImageFacts facts = prepare(withEnvironment(Map.of("REGISTRY_AUTH_FILE", other.toString(),
                "DOCKER_CONFIG", docker.getParent().toString())), ImageSpec.PullPolicy.ALWAYS);

        assertThat(facts.error()).isNull();
        assertThat(engine.registryAuths()).singleElement().satisfies(header -> assertThat(header).contains("\"username\":\"qe\""));
    }

    @Test
    void aRefusedPullIsOneLineNamingImageHostRegistryAndTheRegistrysWords() {
        engine.pullsFail("Head \"https://registry.example.test:5000/v2/lab/busybox/manifests/latest\": unauthorized: authentication required");

        ImageFacts facts = prepare(withEnvironment(Map.of()), ImageSpec.PullPolicy.ALWAYS);

        assertThat(facts.error()).isEqualTo("could not pull " + REF + " on host fake from registry registry.example.test:5000: "
                + "Head \"https://registry.example.test:5000/v2/lab/busybox/manifests/latest\": unauthorized: authentication required");
        assertThat(pulls.get(pulls.size() - 1).error()).isEqualTo(facts.error());
    }

    @Test
    void aPullThatStopsHearingFromTheRegistryEndsAtThePullDeadline() {
        engine.pullsStall();
        long start = System.nanoTime();

        ImageFacts facts = prepare(withEnvironment(Map.of()).withPullDeadline(Duration.ofSeconds(1)), ImageSpec.PullPolicy.ALWAYS);

        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(facts.error()).isEqualTo("pulling " + REF + " on host fake from registry registry.example.test:5000 did not end "
                + "within 1s (the setting crosshost.pullDeadline); the engine's last word: Downloading");
        assertThat(took).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
    }

    @Test
    void theDigestIsTheReferencesRepositorysNotAnotherOnesOfTheSameImage() {
        var inspected = new com.github.dockerjava.api.command.InspectImageResponse()
                .withRepoDigests(List.of("elsewhere.test/x@sha256:aaa", "registry.example.test:5000/lab/busybox@sha256:bbb"));
        assertThat(ImagePreparer.registryDigest(inspected, REF)).isEqualTo("sha256:bbb");
        assertThat(ImagePreparer.registryDigest(inspected, "crosshost.test/busybox:latest")).isNull();
        var hub = new com.github.dockerjava.api.command.InspectImageResponse().withRepoDigests(List.of("fedora@sha256:ccc"));
        assertThat(ImagePreparer.registryDigest(hub, "docker.io/library/fedora:40")).isEqualTo("sha256:ccc");
        assertThat(ImagePreparer.registryDigest(hub, "fedora:40")).isEqualTo("sha256:ccc");
    }
}
