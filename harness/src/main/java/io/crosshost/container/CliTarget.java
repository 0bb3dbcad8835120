package io.crosshost.container;

import java.nio.file.Path;

/** Where a command line sends its container: the host's endpoint, its TLS certificates, and whether it is Podman. */
public record CliTarget(String endpoint, Path tlsCertDir, boolean podman) {
}
