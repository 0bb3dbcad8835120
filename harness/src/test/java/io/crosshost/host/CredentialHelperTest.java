package io.crosshost.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The Docker credential helper protocol, against fake helpers (shell scripts) first on the PATH the resolver is given. */
class CredentialHelperTest {

    @TempDir
    Path dir;

    /** Writes {@code bin/docker-credential-NAME}: a shell script whose body sees the server URL in {@code $url}. */
    static Path fakeHelper(Path bin, String name, String body) throws Exception {
        Files.createDirectories(bin);
        Path script = bin.resolve("docker-credential-" + name);
        Files.writeString(script, "#!/bin/sh\n[ \"$1\" = get ] || { echo \"unexpected verb $1\"; exit 3; }\nurl=$(cat)\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private CredentialHelper onPath(Duration timeout) {
        return new CredentialHelper(dir.resolve("bin") + ":/usr/bin:/bin", timeout);
    }

    @Test
    void theServerUrlGoesInOnStdinAndUsernameAndSecretComeBack() throws Exception {
        fakeHelper(dir.resolve("bin"), "lab", "printf '%s' \"$url\" > " + dir.resolve("asked")
                + "\nprintf '{\"ServerURL\":\"%s\",\"Username\":\"qe\",\"Secret\":\"s3cret\"}\\n' \"$url\"");

        var answer = onPath(Duration.ofSeconds(5)).get("lab", "registry.test:5000");

        assertThat(answer).isInstanceOfSatisfying(CredentialHelper.Found.class, found -> {
            assertThat(found.credentials().getUsername()).isEqualTo("qe");
            assertThat(found.credentials().getPassword()).isEqualTo("s3cret");
            assertThat(found.credentials().getIdentitytoken()).isNull();
        });
        assertThat(dir.resolve("asked")).as("the server URL, exactly, on stdin").hasContent("registry.test:5000");
    }

    @Test
    void theTokenUsernameMeansTheSecretIsAnIdentityToken() throws Exception {
        fakeHelper(dir.resolve("bin"), "lab", "echo '{\"ServerURL\":\"r\",\"Username\":\"<token>\",\"Secret\":\"id-token\"}'");

        assertThat(onPath(Duration.ofSeconds(5)).get("lab", "registry.test:5000"))
                .isInstanceOfSatisfying(CredentialHelper.Found.class, found -> {
                    assertThat(found.credentials().getIdentitytoken()).isEqualTo("id-token");
                    assertThat(found.credentials().getUsername()).isNull();
                    assertThat(found.credentials().getPassword()).isNull();
                });
    }

    @Test
    void theKeychainsNotFoundMessageMeansNoCredentials() throws Exception {
        fakeHelper(dir.resolve("bin"), "lab", "echo 'credentials not found in native keychain'; exit 1");

        assertThat(onPath(Duration.ofSeconds(5)).get("lab", "registry.test:5000")).isInstanceOf(CredentialHelper.NotFound.class);
    }

    @Test
    void aMissingHelperIsNamed() {
        assertThat(onPath(Duration.ofSeconds(5)).get("nowhere", "registry.test:5000"))
                .isEqualTo(new CredentialHelper.Failed("docker-credential-nowhere is not on the PATH"));
        assertThat(new CredentialHelper(null, Duration.ofSeconds(5)).get("nowhere", "r"))
                .as("no PATH at all").isInstanceOf(CredentialHelper.Failed.class);
    }

    @Test
    void aFailingHelperIsQuotedButNeverWhatLooksLikeItsSecret() throws Exception {
        fakeHelper(dir.resolve("bin"), "pass", "echo 'pass store is uninitialized'; echo 'second line'; exit 1");
        fakeHelper(dir.resolve("bin"), "leaky", "echo '{\"Username\":\"qe\",\"Secret\":\"s3cret\"}'; exit 2");
        fakeHelper(dir.resolve("bin"), "garbled", "echo 'Username=qe Secret=s3cret'; exit 0");
        fakeHelper(dir.resolve("bin"), "stderr", "echo 'keyring locked' >&2; exit 1");
        CredentialHelper helpers = onPath(Duration.ofSeconds(5));

        assertThat(helpers.get("pass", "r")).isEqualTo(new CredentialHelper.Failed(
                "docker-credential-pass exited with status 1: pass store is uninitialized"));
        assertThat(helpers.get("stderr", "r")).isEqualTo(new CredentialHelper.Failed(
                "docker-credential-stderr exited with status 1: keyring locked"));
        assertThat(helpers.get("leaky", "r")).isEqualTo(new CredentialHelper.Failed("docker-credential-leaky exited with status 2"));
        assertThat(helpers.get("garbled", "r")).isInstanceOfSatisfying(CredentialHelper.Failed.class, failed ->
                assertThat(failed.why()).startsWith("docker-credential-garbled answered with no").doesNotContain("s3cret"));
    }

    @Test
    void aHangingHelperIsStoppedWithWhatItStartedAtTheTimeout() throws Exception {
        Path pid = dir.resolve("sleep.pid");
        fakeHelper(dir.resolve("bin"), "hang", "sleep 60 &\necho $! > " + pid + "\nwait");

        long start = System.nanoTime();
        var answer = onPath(Duration.ofMillis(700)).get("hang", "r");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer).isEqualTo(new CredentialHelper.Failed("docker-credential-hang did not answer within 700ms"));
        assertThat(millis).as("bounded by the timeout, not by the helper's sleep").isLessThan(5_000);
        long sleeper = Long.parseLong(Files.readString(pid).strip());
        // destroyForcibly is SIGKILL: the sleep is gone at once, but reaped a moment later.
        for (int i = 0; i < 50 && ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).as("the helper's child").isFalse();
    }
}
