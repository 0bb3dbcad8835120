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

/** An image's configuration as one host's engine reports it: what image expectations are checked against. */
final class ImageConfigs {

    private ImageConfigs() {
    }

    static ImageConfig of(DockerClient client, String hostName, String image) throws CellCouldNotRun {
        ContainerConfig c;
        try {
            c = client.inspectImageCmd(image).exec().getConfig();
        } catch (DockerException | IllegalStateException e) {
            String why = EngineMessages.of(e);
            throw new CellCouldNotRun("host " + hostName + " failed to give the configuration of image " + image + ": " + why, why);
        }
        if (c == null) {
            return new ImageConfig(Map.of(), Map.of(), List.of(), List.of(), "", "", List.of(), List.of());
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

    private static String[] orEmpty(String[] values) {
        return values == null ? new String[0] : values;
    }
}
