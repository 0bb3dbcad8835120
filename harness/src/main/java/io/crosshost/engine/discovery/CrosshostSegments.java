package io.crosshost.engine.discovery;

import org.junit.platform.engine.UniqueId;

/**
 * UniqueId segments of the tree scenario -> image -> cell(host), stable across runs:
 * {@code [engine:crosshost]/[scenario:useradd-passwd]/[image:debian-13]/[host:podman]}.
 */
public final class CrosshostSegments {

    public static final String ENGINE_ID = "crosshost";
    public static final String SCENARIO = "scenario";
    public static final String IMAGE = "image";
    public static final String HOST = "host";

    private CrosshostSegments() {
    }

    public static UniqueId scenario(UniqueId engine, String scenario) {
        return engine.append(SCENARIO, scenario);
    }

    public static UniqueId image(UniqueId engine, String scenario, String image) {
        return scenario(engine, scenario).append(IMAGE, image);
    }

    public static UniqueId cell(UniqueId engine, String scenario, String image, String host) {
        return image(engine, scenario, image).append(HOST, host);
    }
}
