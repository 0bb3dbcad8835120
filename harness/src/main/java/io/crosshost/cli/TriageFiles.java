package io.crosshost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.crosshost.triage.Pinpointed;
import io.crosshost.triage.TriageReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where a cell's triage goes: {@code triage/} of the run's folder, one JSON per cell and its workaround profile. */
final class TriageFiles {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private TriageFiles() {
    }

    /** The run folder of a {@code --results} value: the folder itself, or the folder of a results.json. */
    static Path runDir(Path results) {
        return results == null ? Home.path().resolve("reports/latest")
                : Files.isDirectory(results) ? results : results.toAbsolutePath().getParent();
    }

    static Path write(Path runDir, TriageReport report, PrintStream out) throws IOException {
        Path dir = Files.createDirectories(runDir.resolve("triage"));
        String base = report.cellId().replaceAll("[^A-Za-z0-9._@-]", "_");
        for (Pinpointed p : report.pinpoints()) {
            if (p.workaroundProfile() != null) {
                Path profile = dir.resolve(base + ".seccomp.json");
                Files.writeString(profile, p.workaroundProfile());
                out.println("workaround seccomp profile: " + profile.toAbsolutePath());
            }
        }
        Path file = dir.resolve(base + ".json");
        JSON.writeValue(file.toFile(), report);
        return file;
    }
}
