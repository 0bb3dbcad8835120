package io.crosshost.matrix;

import io.crosshost.scenario.Scenario;

/** One scenario x image x host. Its id is stable across runs: {@code scenario/image@host}. */
public record Cell(Scenario scenario, ImageSpec image, HostSpec host) {

    public String id() {
        return id(scenario.id(), image.name(), host.name());
    }

    public static String id(String scenario, String image, String host) {
        return scenario + "/" + image + "@" + host;
    }
}
