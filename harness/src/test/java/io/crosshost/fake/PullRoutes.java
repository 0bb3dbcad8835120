package io.crosshost.fake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

/**
 * {@code POST /images/create} as dockerd streams it: "Pulling from", a layer's "Downloading" with bytes, "Pull
 * complete", "Digest: sha256:...", "Status: Downloaded newer image"; or, as a test asks, an error item in the
 * registry's words, or the first items and then nothing at all (a registry that stopped answering mid-pull keeps
 * dockerd's stream open and silent). A pulled image is then on the engine, with its repository digest.
 */
final class PullRoutes {

    /** How a pull goes. */
    enum Outcome { COMPLETES, FAILS, STALLS }

    static final String DIGEST = "sha256:" + "d1".repeat(32);

    private final Set<String> missingImages;
    private final Map<String, String> repoDigests = new ConcurrentHashMap<>();
    private final List<String> registryAuths = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed;
    private volatile Outcome outcome = Outcome.COMPLETES;
    private volatile String failure;

    PullRoutes(Set<String> missingImages, CountDownLatch closed) {
        this.missingImages = missingImages;
        this.closed = closed;
    }

    void outcome(Outcome outcome, String failure) {
        this.outcome = outcome;
        this.failure = failure;
    }

    /** The X-Registry-Auth headers pulls carried, decoded (JSON), in order. */
    List<String> registryAuths() {
        return List.copyOf(registryAuths);
    }

    /** The RepoDigests an image inspect shows for a reference. */
    List<String> repoDigests(String ref) {
        String digest = repoDigests.get(ref);
        return digest == null ? List.of() : List.of(repository(ref) + "@" + digest);
    }

    void answer(HttpRequest request, HttpReply reply) throws IOException, InterruptedException {
        String auth = request.headers().get("x-registry-auth");
        if (auth != null) {
            registryAuths.add(new String(Base64.getUrlDecoder().decode(auth), StandardCharsets.UTF_8));
        }
        String image = request.query().get("fromImage");
        String tag = request.query().get("tag");
        String ref = tag == null || tag.isEmpty() ? image : image + ":" + tag;
        reply.startChunked("application/json");
        item(reply, Map.of("status", "Pulling from " + repository(ref), "id", tag == null ? "latest" : tag));
        item(reply, Map.of("status", "Pulling fs layer", "progressDetail", Map.of(), "id", "aaaaaaaaaaaa"));
        item(reply, Map.of("status", "Downloading", "progressDetail", Map.of("current", 1000, "total", 2000), "id", "aaaaaaaaaaaa"));
        switch (outcome) {
            case STALLS -> {
                closed.await();
                return;
            }
            case FAILS -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("errorDetail", Map.of("message", failure));
                error.put("error", failure);
                item(reply, error);
            }
            case COMPLETES -> {
                item(reply, Map.of("status", "Downloading", "progressDetail", Map.of("current", 2000, "total", 2000), "id", "aaaaaaaaaaaa"));
                item(reply, Map.of("status", "Pull complete", "progressDetail", Map.of(), "id", "aaaaaaaaaaaa"));
                item(reply, Map.of("status", "Digest: " + DIGEST));
                item(reply, Map.of("status", "Status: Downloaded newer image for " + ref));
                missingImages.remove(ref);
                repoDigests.put(ref, DIGEST);
            }
        }
        reply.endChunks();
    }

    private static void item(HttpReply reply, Map<String, ?> item) throws IOException {
        reply.chunk((HttpReply.JSON.writeValueAsString(item) + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String repository(String ref) {
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        return colon > slash ? ref.substring(0, colon) : ref;
    }
}
