package io.crosshost.cli;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading runs that earlier commands wrote: a results.json, a journal, or a run directory. */
final class RunsOnDisk {

    private RunsOnDisk() {
    }

    /** The run at {@code path}, or the latest run of the checkout when {@code path} is null. */
    static RunResults read(Path path) {
        Path target = path != null ? path : Home.path().resolve("reports/latest");
        if (!Files.exists(target)) {
            throw new UserError("no run at " + target + (path == null ? "; run `crosshost run` first, or name a results.json" : ""));
        }
        try {
            return ResultsFile.read(target);
        } catch (IOException e) {
            throw new UserError("cannot read the run at " + target + ": " + e.getMessage());
        }
    }
}
