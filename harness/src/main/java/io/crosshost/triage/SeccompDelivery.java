package io.crosshost.triage;

import io.crosshost.container.CliWords;
import io.crosshost.runtime.HostSession;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a seccomp profile of the harness's own reaches a host: Docker's API takes the profile's JSON inline in
 * {@code SecurityOpt}; Podman 4.3's compatible API takes only a path on the service's machine (inline JSON: HTTP 500
 * "opening seccomp profile failed: open {...}: no such file or directory", measured on the lab), so for a Podman
 * on a unix socket of this machine the profile is written to a file first, and a remote Podman cannot take one.
 */
final class SeccompDelivery {

    private final boolean podman;
    private final boolean local;

    SeccompDelivery(HostSession session) {
        this.podman = "Podman".equals(session.facts().engine());
        this.local = session.endpoint() != null && session.endpoint().startsWith("unix://");
    }

    /** Why this host cannot take a profile of ours, or empty when it can. */
    Optional<String> cannot() {
        return podman && !local
                ? Optional.of("the host is a remote Podman, whose API takes a seccomp profile only as a file on its own machine")
                : Optional.empty();
    }

    /** The {@code security_opt} value that applies the profile. */
    String securityOpt(String profileJson) {
        if (!podman) {
            return "seccomp=" + profileJson;
        }
        Path file = Path.of(CliWords.seccompFile(profileJson));
        try {
            if (!Files.exists(file)) {
                Files.writeString(file, profileJson, StandardCharsets.UTF_8);
            }
            return "seccomp=" + file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a seccomp profile for Podman at " + file, e);
        }
    }
}
