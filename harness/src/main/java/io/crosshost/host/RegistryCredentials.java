package io.crosshost.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The credentials a pull sends to the engine (as its X-Registry-Auth header), from where the tools people log in
 * with leave them, in the order containers-auth.json(5) gives: {@code $REGISTRY_AUTH_FILE},
 * {@code $XDG_RUNTIME_DIR/containers/auth.json} (for root without it, {@code /run/containers/0/auth.json}, where
 * {@code podman login} writes), {@code ~/.config/containers/auth.json}, then Docker's
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. All are the same format: {@code auths} by
 * registry, each with a base64 {@code auth} ("user:password") or {@code username} and {@code password}.
 *
 * <p>Why the harness reads them at all: an engine's API pulls with no credentials unless the client sends them
 * (Docker never reads config.json itself; that is the CLI's job), so without this a lab run would be refused by an
 * authenticating registry on both Docker hosts. Credential helpers ({@code credsStore}, {@code credHelpers}) are not
 * run: an entry that only names a helper gives no credentials, and the pull then goes without any.
 *
 * <p>The secrets live only in the returned {@link AuthConfig}, which goes to the engine and nowhere else: messages
 * name the file a credential came from, never its content ({@code RegistryCredentialsTest} and
 * {@code PullProgressTest} check that no report carries them).
 */
public final class RegistryCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key Docker's config uses for Docker Hub. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";

    private final List<Path> files;

    RegistryCredentials(List<Path> files) {
        this.files = List.copyOf(files);
    }

    /** The files of this process's environment, in the order they are searched. */
    public static RegistryCredentials fromEnvironment() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")), isRoot());
    }

    /** The files an environment names ({@code env} as {@link System#getenv()}), for tests. */
    public static RegistryCredentials of(Map<String, String> env, Path home, boolean root) {
        List<Path> files = new ArrayList<>();
        set(env, "REGISTRY_AUTH_FILE").ifPresent(f -> files.add(Path.of(f)));
        set(env, "XDG_RUNTIME_DIR").ifPresentOrElse(d -> files.add(Path.of(d, "containers", "auth.json")),
                () -> {
                    if (root) {
                        files.add(Path.of("/run/containers/0/auth.json"));
                    }
                });
        files.add(home.resolve(".config/containers/auth.json"));
        files.add(set(env, "DOCKER_CONFIG").map(d -> Path.of(d, "config.json")).orElse(home.resolve(".docker/config.json")));
        return new RegistryCredentials(files);
    }

    List<Path> files() {
        return files;
    }

    /** The registry an image reference pulls from, as the engines name it: {@code docker.io} for Docker Hub. */
    public static String registryOf(String reference) {
        String registry = DockerImageName.parse(reference).getRegistry();
        return registry == null || registry.isEmpty() ? "docker.io" : registry;
    }

    /** The first credentials for the image's registry, or empty (the pull then goes anonymously). */
    Optional<AuthConfig> forImage(String reference) {
        String registry = registryOf(reference);
        for (Path file : files) {
            Optional<AuthConfig> found = find(file, registry);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<AuthConfig> find(Path file, String registry) {
        JsonNode auths;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            auths = JSON.readTree(file.toFile()).path("auths");
        } catch (IOException | RuntimeException unreadable) {
            // An unreadable or broken file is one a tool left half written: the next file may still answer, and a
            // registry that needs these credentials says so in the pull's own error.
            return Optional.empty();
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = auths.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (registry.equals(hostOf(entry.getKey()))) {
                return credentials(entry.getValue(), registry);
            }
        }
        return Optional.empty();
    }

    /** "https://registry:5000/v1/" and "registry:5000" name the same registry; Docker Hub has aliases of its own. */
    static String hostOf(String key) {
        if (key.equals(DOCKER_HUB_KEY) || key.equals("index.docker.io") || key.equals("registry-1.docker.io")) {
            return "docker.io";
        }
        String host = key.replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }

    private static Optional<AuthConfig> credentials(JsonNode entry, String registry) {
        String user = text(entry, "username");
        String password = text(entry, "password");
        String auth = text(entry, "auth");
        if (auth != null) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(auth.strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            user = decoded.substring(0, colon);
            password = decoded.substring(colon + 1);
        }
        String token = text(entry, "identitytoken");
        if (user == null && token == null) {
            return Optional.empty(); // an entry that only names a credential helper
        }
        AuthConfig config = new AuthConfig().withRegistryAddress(registry).withUsername(user).withPassword(password);
        return Optional.of(token == null ? config : config.withIdentityToken(token));
    }

    private static String text(JsonNode entry, String field) {
        JsonNode value = entry.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static Optional<String> set(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException unknown) {
            return false;
        }
    }
}
