package io.crosshost.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Ping, version, info and image inspect: what the harness reads to open a host and prepare its images. The fake says
 * it is a Docker 20.10 with runc, like the lab's {@code docker} host.
 */
final class SystemRoutes {

    static final String KERNEL = "6.1.0-fake";
    /** Every fake image's configuration (image inspect's Config), for cells that check it. */
    private static final Map<String, Object> CONFIG = Map.of("Env", List.of("PATH=" + FakeEngine.IMAGE_PATH),
            "Labels", Map.of(FakeEngine.IMAGE_LABEL, "yes"), "Cmd", List.of("sh"));

    private final Predicate<String> imagePresent;
    private final java.util.function.Function<String, List<String>> repoDigests;

    SystemRoutes(Predicate<String> imagePresent, java.util.function.Function<String, List<String>> repoDigests) {
        this.imagePresent = imagePresent;
        this.repoDigests = repoDigests;
    }

    void answer(Api.Route route, HttpReply reply) throws IOException {
        switch (route.api()) {
            case PING -> reply.bytes(200, "text/plain; charset=utf-8", "OK".getBytes(StandardCharsets.US_ASCII));
            case VERSION -> reply.json(200, version());
            case INFO -> reply.json(200, info());
            case IMAGE_INSPECT -> {
                String ref = route.parameter();
                if (imagePresent.test(ref)) {
                    reply.json(200, Map.of("Id", imageId(ref), "RepoTags", List.of(ref), "RepoDigests", repoDigests.apply(ref),
                            "Os", "linux", "Architecture", "amd64", "Size", 1024, "Config", CONFIG));
                } else {
                    reply.error(404, "No such image: " + ref);
                }
            }
            default -> reply.error(500, "fake engine: no handler for " + route.api());
        }
    }

    /**
     * The same id for the same reference on every fake, as for a real imported image: the harness's image-facts cache
     * (keyed by image id) then probes each fake image once, not once per test.
     */
    static String imageId(String ref) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(("crosshost-fake-engine:" + ref).getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> version() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("Version", "20.10.24-fake");
        v.put("ApiVersion", "1.41");
        v.put("MinAPIVersion", "1.12");
        v.put("Os", "linux");
        v.put("Arch", "amd64");
        v.put("KernelVersion", KERNEL);
        v.put("Components", List.of(
                Map.of("Name", "Engine", "Version", "20.10.24-fake"),
                Map.of("Name", "runc", "Version", "1.1.5")));
        return v;
    }

    private static Map<String, Object> info() {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("ID", "FAKE");
        i.put("Name", "fake-engine");
        i.put("OperatingSystem", "Crosshost fake engine");
        i.put("KernelVersion", KERNEL);
        i.put("Architecture", "x86_64");
        i.put("Runtimes", Map.of("runc", Map.of("path", "runc")));
        i.put("DefaultRuntime", "runc");
        i.put("SecurityOptions", List.of("name=seccomp,profile=default"));
        i.put("CgroupVersion", "1");
        i.put("CgroupDriver", "cgroupfs");
        i.put("Driver", "overlay2");
        return i;
    }
}
