package io.crosshost.runtime;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;

class StaleContainerSweeperTest {

    private final String machine = RunContext.ProcessOwner.current().machine();

    @Test
    void aLiveProcessOwnsItsContainers() {
        String self = RunContext.ProcessOwner.current().label();

        assertThat(StaleContainerSweeper.isDead(self, machine)).isFalse();
    }

    @Test
    void aPidThatNoLongerRunsLeftItsContainersBehind() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();

        assertThat(StaleContainerSweeper.isDead(machine + ":" + p.pid() + ":" + System.currentTimeMillis(), machine)).isTrue();
    }

    @Test
    void aReusedPidIsNotTheOwner() {
        long pid = ProcessHandle.current().pid();
        long longAgo = ManagementFactory.getRuntimeMXBean().getStartTime() - 3_600_000;

        assertThat(StaleContainerSweeper.isDead(machine + ":" + pid + ":" + longAgo, machine)).isTrue();
    }

    @Test
    void containersOfOtherMachinesOrWithoutOwnerAreNeverTouched() {
        assertThat(StaleContainerSweeper.isDead("elsewhere:1:1", machine)).isFalse();
        assertThat(StaleContainerSweeper.isDead(null, machine)).isFalse();
        assertThat(StaleContainerSweeper.isDead("garbage", machine)).isFalse();
    }
}
