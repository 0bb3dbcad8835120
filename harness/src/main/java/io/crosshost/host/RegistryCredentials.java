package io.crosshost.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.AuthConfig;
import org.testcontainers.utility.DockerImageName;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/**
 * The credentials a pull sends to the engine (as its X-Registry-Auth header), from where the tools people log in
 * with leave them, in the order containers-auth.json(5) gives: {@code $REGISTRY_AUTH_FILE},
 * {@code $XDG_RUNTIME_DIR/containers/auth.json} (for root without it, {@code /run/containers/0/auth.json}, where
 * {@code podman login} writes), {@code ~/.config/containers/auth.json}, then Docker's
 * {@code $DOCKER_CONFIG/config.json} or {@code ~/.docker/config.json}. All are the same format: {@code auths} by
 * registry, each with a base64 {@code auth} ("user:password") or {@code username} and {@code password}.
 *
 * <p>Credential helpers are run as the tools that wrote the files would run them: in any of the files a
 * {@code credHelpers} entry for the registry names the helper that holds its credentials (Docker's CLI and
 * containers/image alike); in Docker's config, {@code credsStore} names the helper for every other registry, and then
 * that file's inline {@code auths} are not used (Docker's precedence: {@code credHelpers}, then {@code credsStore},
 * then {@code auths}; docker/cli {@code configfile.getConfiguredCredentialStore}). A helper that has no credentials
 * for the registry means none; one that is missing, fails or hangs past {@link #HELPER_TIMEOUT} gives one line on
 * the run's output naming the helper and the registry, and the pull goes on without credentials, as Docker 20.10's
 * CLI does (it ignores the helper's error). Each helper is asked once per registry in a run.
 *
 * <p>Why the harness reads them at all: an engine's API pulls with no credentials unless the client sends them
 * (Docker never reads config.json itself; that is the CLI's job), so without this a lab run would be refused by an
 * authenticating registry on both Docker hosts.
 *
 * <p>The secrets live only in the returned {@link AuthConfig}, which goes to the engine and nowhere else: messages
 * name the file a credential came from and the helper, never their content ({@code RegistryCredentialsTest},
 * {@code CredentialHelperTest} and {@code ImagePullTest} check that no message or progress record carries them,
 * {@code RegistryFaultsIT} that no report does).
 */
public final class RegistryCredentials {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The key Docker's config uses for Docker Hub, and the server URL Docker hands a helper for it. */
    private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
    /** How long a credential helper may take: they answer in milliseconds from a keyring, a second or two over a network. */
    public static final Duration HELPER_TIMEOUT = Duration.ofSeconds(5);

    private final List<Path> files;
    private final Path dockerConfig;
    private final CredentialHelper helpers;
    private final Consumer<String> warnings;
    /** What each helper said for each registry in this run, so that N hosts pulling M images ask it once. */
    private final ConcurrentMap<String, CompletableFuture<Optional<AuthConfig>>> helped = new ConcurrentHashMap<>();

    private RegistryCredentials(List<Path> files, CredentialHelper helpers, Consumer<String> warnings) {
        this.files = List.copyOf(files);
        this.dockerConfig = files.get(files.size() - 1);
        this.helpers = helpers;
        this.warnings = warnings;
    }

    /** The files of this process's environment, in the order they are searched. */
    public static RegistryCredentials fromEnvironment() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")), isRoot());
    }

    /** The files an environment names ({@code env} as {@link System#getenv()}, whose PATH finds the helpers), for tests. */
    public static RegistryCredentials of(Map<String, String> env, Path home, boolean root) {
        return of(env, home, root, HELPER_TIMEOUT, line -> System.err.println("crosshost: " + line));
    }

    /** As {@link #of(Map, Path, boolean)}, with the helpers' timeout and where the lines about failed helpers go. */
    static RegistryCredentials of(Map<String, String> env, Path home, boolean root, Duration helperTimeout, Consumer<String> warnings) {
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
        return new RegistryCredentials(files, new CredentialHelper(env.get("PATH"), helperTimeout), warnings);
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
            Optional<Source> source = find(file, registry);
            if (source.isPresent()) {
                return source.get() instanceof Helper helper ? helped(helper, registry) : ((Inline) source.get()).credentials();
            }
        }
        return Optional.empty();
    }

    /** Where a file says a registry's credentials are. */
    private sealed interface Source {
    }

    private record Inline(Optional<AuthConfig> credentials) implements Source {
    }

    /** @param key {@code credHelpers} or {@code credsStore}, for the line a failure gives */
    private record Helper(String name, String key, Path file) implements Source {
    }

    private Optional<Source> find(Path file, String registry) {
        JsonNode config;
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            config = JSON.readTree(file.toFile());
        } catch (IOException | RuntimeException unreadable) {
            // An unreadable or broken file is one a tool left half written: the next file may still answer, and a
            // registry that needs these credentials says so in the pull's own error.
            return Optional.empty();
        }
        Optional<String> helper = entry(config.path("credHelpers"), registry).map(JsonNode::asText);
        if (helper.isPresent() && !helper.get().isBlank()) {
            return Optional.of(new Helper(helper.get(), "credHelpers", file));
        }
        // An empty credHelpers entry keeps that registry out of the credsStore, as in Docker's CLI.
        String store = config.path("credsStore").asText("");
        if (file.equals(dockerConfig) && !store.isBlank() && helper.isEmpty()) {
            return Optional.of(new Helper(store, "credsStore", file));
        }
        return entry(config.path("auths"), registry).map(e -> new Inline(credentials(e, registry)))
                .filter(inline -> inline.credentials().isPresent()).map(Source.class::cast);
    }

    private static Optional<JsonNode> entry(JsonNode byRegistry, String registry) {
        for (Iterator<Map.Entry<String, JsonNode>> it = byRegistry.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (registry.equals(hostOf(entry.getKey()))) {
                return Optional.of(entry.getValue());
            }
        }
        return Optional.empty();
    }

    private Optional<AuthConfig> helped(Helper helper, String registry) {
        CompletableFuture<Optional<AuthConfig>> asked = new CompletableFuture<>();
        CompletableFuture<Optional<AuthConfig>> earlier = helped.putIfAbsent(helper.name() + " " + registry, asked);
        if (earlier != null) {
            return earlier.join();
        }
        Optional<AuthConfig> credentials = Optional.empty();
        try {
            CredentialHelper.Answer answer = helpers.get(helper.name(), registry.equals("docker.io") ? DOCKER_HUB_KEY : registry);
            if (answer instanceof CredentialHelper.Found found) {
                credentials = Optional.of(found.credentials().withRegistryAddress(registry));
            } else if (answer instanceof CredentialHelper.Failed failed) {
                warnings.accept("no credentials for registry " + registry + ": " + failed.why() + " (" + helper.key()
                        + " in " + helper.file() + "); its images are pulled without credentials");
            }
            return credentials;
        } finally {
            asked.complete(credentials);
        }
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
            return Optional.empty(); // an entry a credential helper's login left: {} or only an email
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
