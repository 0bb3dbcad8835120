package io.crosshost.fake;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Docker Engine API calls (API 1.41) the harness makes through docker-java, each with its method and path; the
 * unit of the fake's faults and of its request log. Paths are matched after the optional {@code /v1.41} prefix.
 */
public enum Api {
    PING("GET|HEAD", "/_ping"),
    VERSION("GET", "/version"),
    INFO("GET", "/info"),
    IMAGE_INSPECT("GET", "/images/(.+)/json"),
    IMAGE_CREATE("POST", "/images/create"),
    CONTAINER_LIST("GET", "/containers/json"),
    CONTAINER_CREATE("POST", "/containers/create"),
    CONTAINER_ATTACH("POST", "/containers/([^/]+)/attach"),
    CONTAINER_START("POST", "/containers/([^/]+)/start"),
    CONTAINER_INSPECT("GET", "/containers/([^/]+)/json"),
    CONTAINER_WAIT("POST", "/containers/([^/]+)/wait"),
    CONTAINER_KILL("POST", "/containers/([^/]+)/kill"),
    CONTAINER_STATS("GET", "/containers/([^/]+)/stats"),
    CONTAINER_ARCHIVE("GET", "/containers/([^/]+)/archive"),
    CONTAINER_ARCHIVE_PUT("PUT", "/containers/([^/]+)/archive"),
    CONTAINER_REMOVE("DELETE", "/containers/([^/]+)"),
    EXEC_CREATE("POST", "/containers/([^/]+)/exec"),
    EXEC_START("POST", "/exec/([^/]+)/start"),
    EXEC_INSPECT("GET", "/exec/([^/]+)/json");

    private static final Pattern VERSION_PREFIX = Pattern.compile("^/v[0-9]+\\.[0-9]+(?=/)");

    private final Pattern method;
    private final Pattern path;

    Api(String method, String path) {
        this.method = Pattern.compile(method);
        this.path = Pattern.compile(path);
    }

    /** A request's call and the path's one parameter (a container, exec or image name), if any. */
    record Route(Api api, String parameter) {
    }

    static Optional<Route> route(String method, String decodedPath) {
        String path = VERSION_PREFIX.matcher(decodedPath).replaceFirst("");
        for (Api api : values()) {
            Matcher m = api.path.matcher(path);
            if (api.method.matcher(method).matches() && m.matches()) {
                return Optional.of(new Route(api, m.groupCount() > 0 ? m.group(1) : null));
            }
        }
        return Optional.empty();
    }

    /** Calls whose response lasts as long as a process does: they are not "in flight" for {@link FakeEngine#awaitIdle}. */
    boolean streams() {
        return this == CONTAINER_ATTACH || this == CONTAINER_WAIT || this == EXEC_START || this == IMAGE_CREATE;
    }
}
