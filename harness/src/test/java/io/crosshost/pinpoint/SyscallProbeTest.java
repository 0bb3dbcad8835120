package io.crosshost.pinpoint;

import io.crosshost.pinpoint.ProbeContainers.ProbeOutput;
import io.crosshost.pinpoint.SyscallDenial.Kind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** On the probe's real output, recorded on the lab (Debian 12 image, kernel 6.18, runc 1.1.5). */
class SyscallProbeTest {

    private final SyscallProbe probe = new SyscallProbe(SyscallTable.x86_64());

    private SyscallProbeResult recorded(String name) {
        ProbeReading<SyscallProbeResult> reading = probe.read(new ProbeOutput(0, Resources.read(name), ""));
        assertThat(reading).isInstanceOf(ProbeReading.Read.class);
        return ((ProbeReading.Read<SyscallProbeResult>) reading).value();
    }

    @Test
    void theCommandIsPerlWithTheWholeTableAndNoShell() {
        List<String> command = probe.command();

        assertThat(command).hasSize(3).startsWith("perl", "-e");
        assertThat(command.get(2)).contains("435 clone3", "439 faccessat2", "462 mseal", "467 open_tree_attr")
                .doesNotContain("__TABLE__");
    }

    @Test
    void readsEveryCallOfTheTableAndWhatItDidNotProbe() {
        SyscallProbeResult unconfined = recorded("probe-debian12-docker-unconfined.txt");

        assertThat(unconfined.arch()).startsWith("x86_64");
        assertThat(unconfined.complete()).isTrue();
        assertThat(unconfined.answers().size() + unconfined.notProbed().size()).isEqualTo(SyscallTable.x86_64().all().size());
        assertThat(unconfined.notProbed()).containsOnlyKeys("rt_sigreturn", "pause", "fork", "vfork", "exit", "vhangup",
                "sync", "reboot", "exit_group", "uretprobe", "uprobe");
        // The kernel's own answers to the harmless arguments: EINVAL for clone3's NULL struct, EFAULT for a NULL path.
        assertThat(unconfined.errno("clone3")).hasValue(22);
        assertThat(unconfined.errno("faccessat2")).hasValue(14);
        assertThat(unconfined.errno("read")).hasValue(9);
    }

    @Test
    void aCallTheTableHasButTheKernelLacksAnswersEnosysUnconfined() {
        // Kernel 6.18 has every call up to file_setattr (469); ENOSYS unconfined marks only the removed ones.
        SyscallProbeResult unconfined = recorded("probe-debian12-docker-unconfined.txt");

        List<String> enosys = new ArrayList<>();
        unconfined.answers().forEach((name, answer) -> {
            if (answer.errno() == Errno.ENOSYS) {
                enosys.add(name);
            }
        });
        assertThat(enosys).contains("uselib", "_sysctl", "create_module", "nfsservctl", "lookup_dcookie", "tuxcall")
                .doesNotContain("clone3", "faccessat2", "fchmodat2", "mseal", "listmount", "file_getattr");
    }

    @Test
    void onDockerLegacyExactlyClone3AndFaccessat2AreRefusedWithEperm() {
        List<SyscallDenial> denials = SyscallDenials.compare(recorded("probe-debian12-docker-legacy.txt"),
                recorded("probe-debian12-docker-unconfined.txt"));

        assertThat(denials).extracting(SyscallDenial::name, SyscallDenial::hostErrno, SyscallDenial::unconfinedErrno,
                SyscallDenial::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("clone3", 1, 22, Kind.REFUSED),
                org.assertj.core.groups.Tuple.tuple("faccessat2", 1, 14, Kind.REFUSED));
        assertThat(denials.get(1).describe()).isEqualTo("faccessat2 answered EPERM (unconfined: EFAULT)");
    }

    @Test
    void dockers2010DefaultProfileAnswersTheNewCallsWithEnosysAndRefusesTheAdminOnes() {
        List<SyscallDenial> denials = SyscallDenials.compare(recorded("probe-debian12-docker.txt"),
                recorded("probe-debian12-docker-unconfined.txt"));
        Map<String, Integer> enosys = byKind(denials, Kind.ENOSYS);
        Map<String, Integer> refused = byKind(denials, Kind.REFUSED);

        // Docker's own clone3 rule answers ENOSYS; runc's stub answers ENOSYS for every call above the profile's highest.
        assertThat(enosys).containsKeys("clone3", "set_mempolicy_home_node", "cachestat", "fchmodat2", "futex_wake",
                "mseal", "listmount", "open_tree_attr", "file_setattr");
        assertThat(denials).filteredOn(d -> d.kind() == Kind.ENOSYS && !d.name().equals("clone3"))
                .allSatisfy(d -> assertThat(d.nr()).as(d.name()).isGreaterThanOrEqualTo(450));
        assertThat(refused).containsKeys("mount", "umount2", "unshare", "setns", "keyctl", "bpf", "perf_event_open",
                "open_tree", "fsconfig", "mount_setattr", "pidfd_getfd", "process_madvise")
                .doesNotContainKeys("faccessat2", "clone3", "openat2", "statx", "rseq", "close_range", "io_uring_setup");
        assertThat(refused.values()).containsOnly(Errno.EPERM);
        assertThat(denials).filteredOn(d -> d.kind() == Kind.KERNEL_LACKS_IT).extracting(SyscallDenial::name)
                .contains("uselib", "nfsservctl", "lookup_dcookie");
    }

    @Test
    void podmans43ProfileAnswersIoUringAndFutexWaitvWithEnosys() {
        List<SyscallDenial> denials = SyscallDenials.compare(recorded("probe-debian12-podman.txt"),
                recorded("probe-debian12-docker-unconfined.txt"));

        assertThat(byKind(denials, Kind.ENOSYS)).containsKeys("io_uring_setup", "io_uring_enter", "io_uring_register",
                "futex_waitv", "quotactl_fd", "add_key", "request_key", "fchmodat2", "mseal");
        assertThat(byKind(denials, Kind.REFUSED)).containsKeys("bpf", "perf_event_open", "userfaultfd", "vmsplice")
                .doesNotContainKeys("faccessat2", "clone3");
    }

    @Test
    void candidatesPutTheRefusalsFirstNewestFirstAndDropWhatTheKernelLacks() {
        List<SyscallDenial> denials = SyscallDenials.compare(recorded("probe-debian12-docker.txt"),
                recorded("probe-debian12-docker-unconfined.txt"));

        List<SyscallDenial> candidates = SyscallDenials.candidates(denials, SyscallTable.x86_64());

        assertThat(candidates).extracting(SyscallDenial::kind).doesNotContain(Kind.KERNEL_LACKS_IT);
        assertThat(candidates.get(0).kind()).isEqualTo(Kind.REFUSED);
        // quotactl_fd (5.14) is the newest call the default profile refuses (EPERM; unconfined EBADF).
        assertThat(candidates.get(0).name()).isEqualTo("quotactl_fd");
        assertThat(candidates.get(candidates.size() - 1).kind()).isEqualTo(Kind.ENOSYS);
    }

    @Test
    void busyboxHasNoPerlAndTheProbeSaysSo() {
        ProbeOutput output = new ProbeOutput(127, "", Resources.read("busybox-no-perl-docker.stderr"));

        assertThat(probe.read(output)).asInstanceOf(type(ProbeReading.CannotRun.class))
                .extracting(ProbeReading.CannotRun::why, as(org.assertj.core.api.InstanceOfAssertFactories.STRING))
                .startsWith("this image has no perl, which the syscall probe needs")
                .contains("exec: \"perl\": executable file not found in $PATH");
    }

    @Test
    void aProbeKilledByItsProfileNamesTheCallItDiedIn() {
        String all = Resources.read("probe-debian12-docker-unconfined.txt");
        String upToStatx = all.substring(0, all.indexOf("statx "));

        SyscallProbeResult killed = ((ProbeReading.Read<SyscallProbeResult>) probe.read(new ProbeOutput(159, upToStatx, "")))
                .value();
        List<SyscallDenial> denials = SyscallDenials.compare(killed, recorded("probe-debian12-docker-unconfined.txt"));

        assertThat(killed.killedAt()).contains("statx");
        assertThat(denials).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.KILLED);
            assertThat(d.name()).isEqualTo("statx");
        });
        assertThat(SyscallDenials.hostErrnos(denials)).containsExactly(Map.entry("statx", Errno.EPERM));
    }

    @Test
    void denialsComeFromTwoRunsOnTheSameHostAndImage() throws InterruptedException {
        List<List<String>> securityOpts = new ArrayList<>();
        ProbeContainers runner = (command, opts, caps) -> {
            securityOpts.add(opts);
            return new ProbeOutput(0, Resources.read(opts.isEmpty() ? "probe-debian12-docker-legacy.txt"
                    : "probe-debian12-docker-unconfined.txt"), "");
        };

        ProbeReading<List<SyscallDenial>> reading = probe.denials(runner);

        assertThat(securityOpts).containsExactly(List.of(), List.of("seccomp=unconfined"));
        assertThat(((ProbeReading.Read<List<SyscallDenial>>) reading).value()).extracting(SyscallDenial::name)
                .containsExactly("clone3", "faccessat2");
    }

    private static Map<String, Integer> byKind(List<SyscallDenial> denials, Kind kind) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>();
        denials.stream().filter(d -> d.kind() == kind).forEach(d -> out.put(d.name(), d.hostErrno()));
        return out;
    }
}
