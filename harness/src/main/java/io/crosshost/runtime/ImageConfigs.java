package io.crosshost.runtime;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import io.crosshost.assertion.ImageConfig;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image's configuration as one host's engine reports it (image inspect's Config): what image expectations are
 * checked against. A run reads it from the inspection that prepared the image ({@link HostSession#prepare}), once
 * per image and host; only a cell whose image no session prepared (a triage's rerun) has it inspected.
 */
public final class ImageConfigs {

    private static final ImageConfig NONE = new ImageConfig(Map.of(), Map.of(), List.of(), List.of(), "", "", List.of(), List.of());

    private ImageConfigs() {
    }

    /** The configuration an image inspection gave; an image without one sets nothing. */
    public static ImageConfig of(ContainerConfig c) {
        if (c == null) {
            return NONE;
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : orEmpty(c.getEnv())) {
            int eq = pair.indexOf('=');
            env.putIfAbsent(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        ExposedPort[] ports = c.getExposedPorts();
        return new ImageConfig(env, c.getLabels() == null ? Map.of() : c.getLabels(), List.of(orEmpty(c.getEntrypoint())),
                List.of(orEmpty(c.getCmd())), c.getWorkingDir(), c.getUser(),
                ports == null ? List.of() : Arrays.stream(ports).map(ExposedPort::toString).toList(),
                c.getVolumes() == null ? List.of() : List.copyOf(c.getVolumes().keySet()));
    }

    /** Inspects the image for its configuration: for an image that no session prepared. */
    static ImageConfig inspect(DockerClient client, String hostName, String image) throws CellCouldNotRun {
        try {
            return of(client.inspectImageCmd(image).exec().getConfig());
        } catch (DockerException | IllegalStateException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to give the configuration of image " + image + ": " + why, why);
        }
    }

    private static String[] orEmpty(String[] values) {
        return values == null ? new String[0] : values;
    }
}
