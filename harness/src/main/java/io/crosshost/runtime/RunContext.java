package io.crosshost.runtime;

import io.crosshost.container.CellContainerSpecs;
import io.crosshost.container.ContainerSpec;
import io.crosshost.matrix.Cell;
import io.crosshost.matrix.Defaults;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What every cell of one run shares: the run id (also the reports folder name), who owns the run
 * (so a later run can tell a dead run's containers from a live one's), and the matrix defaults.
 */
public record RunContext(String runId, String owner, Defaults defaults) {

    public static final String LABEL_RUN = "crosshost.run";
    public static final String LABEL_CELL = "crosshost.cell";
    public static final String LABEL_OWNER = "crosshost.owner";

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** The spec of a cell's container in this run, labelled with the run, the cell and the owner. */
    public ContainerSpec specOf(Cell cell) {
        return specOf(cell, cell.id());
    }

    /** The same with another cell label ({@code shared} for a container that cells share). */
    public ContainerSpec specOf(Cell cell, String cellLabel) {
        return CellContainerSpecs.of(cell, defaults, labels(cellLabel));
    }

    /** The labels every container of this run carries: a stop, the run's end and the next run's sweep go by them. */
    Map<String, String> labels(String cellLabel) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_RUN, runId);
        labels.put(LABEL_CELL, cellLabel);
        labels.put(LABEL_OWNER, owner);
        return labels;
    }

    /** This run under another id: a part of a launch that joins a run another part started (report.SharedRun). */
    public RunContext withRunId(String id) {
        return new RunContext(id, owner, defaults);
    }

    /** The same run with another matrix's defaults: Java cells of one launch may come from several matrices. */
    public RunContext withDefaults(Defaults other) {
        return new RunContext(runId, owner, other);
    }

    /** A new run: its id sorts by start time, and the owner names this machine and process. */
    public static RunContext start(Defaults defaults) {
        String runId = RUN_ID_TIME.format(Instant.now()) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        return new RunContext(runId, ProcessOwner.current().label(), defaults);
    }

    /** This machine's name and this process's pid and start time: enough to tell whether a run is still alive. */
    record ProcessOwner(String machine, long pid, long startMillis) {

        static ProcessOwner current() {
            String machine;
            try {
                machine = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                machine = "unknown";
            }
            return new ProcessOwner(machine, ProcessHandle.current().pid(), ManagementFactory.getRuntimeMXBean().getStartTime());
        }

        String label() {
            return machine + ":" + pid + ":" + startMillis;
        }
    }
}
