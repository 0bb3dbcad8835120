package io.crosshost.assertion;

import java.util.List;
import java.util.Map;

/**
 * An image's configuration as one host's engine reports it (image inspect's Config). Lists and maps are empty, never
 * null, where the image sets nothing; {@code exposedPorts} as the engine writes them ({@code 8080/tcp}).
 */
public record ImageConfig(Map<String, String> env, Map<String, String> labels, List<String> entrypoint, List<String> cmd,
                          String workdir, String user, List<String> exposedPorts, List<String> volumes) {

    public ImageConfig {
        env = Map.copyOf(env);
        labels = Map.copyOf(labels);
        entrypoint = List.copyOf(entrypoint);
        cmd = List.copyOf(cmd);
        workdir = workdir == null ? "" : workdir;
        user = user == null ? "" : user;
        exposedPorts = List.copyOf(exposedPorts);
        volumes = List.copyOf(volumes);
    }
}
