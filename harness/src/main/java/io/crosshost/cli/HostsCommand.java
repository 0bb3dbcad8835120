package io.crosshost.cli;

import io.crosshost.host.HostSessions;
import io.crosshost.matrix.HostSpec;
import io.crosshost.result.HostFacts;
import io.crosshost.runtime.HostSession;
import io.crosshost.definitions.LoadedDefinitions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code crosshost hosts}: is each host of the matrix up, and what is it. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Show each host of the matrix: reachable or not (and why), engine, API, OS, kernel, runtime, cgroups, "
                + "security options, storage. Exit 1 when a host is unreachable.")
final class HostsCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions options;

    @Override
    public Integer call() {
        LoadedDefinitions loaded = options.load();
        boolean allUp = true;
        List<String> only = MatrixOptions.names(options.hosts);
        for (HostSpec host : loaded.matrix().hosts()) {
            if (!only.isEmpty() && !only.contains(host.name())) {
                continue;
            }
            try (HostSession session = HostSessions.open(host, CliSettings.hosts())) {
                HostFacts f = session.facts();
                if (!f.reachable()) {
                    allUp = false;
                    System.out.printf("%-16s DOWN  %s%n", host.name(), f.error());
                    continue;
                }
                System.out.printf("%-16s up    %s%n", host.name(), session.endpoint());
                System.out.printf("%-16s       %s %s (API %s), %s, kernel %s, %s%n", "", f.engine(), f.engineVersion(), f.apiVersion(),
                        f.os(), f.kernel(), f.architecture());
                System.out.printf("%-16s       runtime %s %s, cgroup v%s (%s), storage %s%n", "", f.runtime(), f.runtimeVersion(),
                        f.cgroupVersion(), f.cgroupDriver(), f.storageDriver());
                System.out.printf("%-16s       seccomp %s, SELinux %s, AppArmor %s, rootless %s, userns %s%n", "", f.seccompProfile(),
                        onOff(f.selinux()), onOff(f.apparmor()), onOff(f.rootless()), onOff(f.userns()));
            }
        }
        return allUp ? ExitCodes.OK : ExitCodes.UNEXPECTED;
    }

    private static String onOff(boolean b) {
        return b ? "on" : "off";
    }
}
