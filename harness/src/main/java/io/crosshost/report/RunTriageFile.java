package io.crosshost.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.crosshost.result.RunTriage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code triage/run-triage.json} in a run's directory: the run's triage as {@code crosshost triage --all} and
 * {@code run --triage} leave it, in the format of results.json's {@code triage} object. It is a file of its own
 * because the triage finishes minutes after the run's reports were written; {@link Reports#rewrite(Path)} then puts
 * it into every report.
 */
public final class RunTriageFile {

    public static final String DIRECTORY = "triage";
    public static final String FILE_NAME = "run-triage.json";

    private RunTriageFile() {
    }

    /** Where the triage of the run in {@code runDir} is kept. */
    public static Path of(Path runDir) {
        return runDir.resolve(DIRECTORY).resolve(FILE_NAME);
    }

    /** Writes the triage atomically (a reader sees the old triage or the new one), creating {@code triage/}. */
    public static void write(Path runDir, RunTriage triage) throws IOException {
        if (triage == null) {
            throw new IllegalArgumentException("no triage to write into " + of(runDir));
        }
        String json = ResultsJson.MAPPER.writer().with(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(TriageJson.write(triage)) + "\n";
        AtomicFiles.write(of(runDir), json);
    }

    /**
     * The triage of the run in {@code runDir}, or empty when it was never triaged. A file that is there but cannot be
     * read is an IOException naming it: a triage that cost minutes of reruns must not vanish from the reports
     * without a word.
     */
    public static Optional<RunTriage> read(Path runDir) throws IOException {
        Path file = of(runDir);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            RunTriage triage = TriageJson.read(ResultsJson.MAPPER.readTree(file.toFile()));
            if (triage == null) {
                throw new IOException(file + ": holds no triage; run `crosshost triage --all " + runDir + "` again");
            }
            return Optional.of(triage);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IOException(file + ": not a Crosshost run triage: " + e.getMessage()
                    + "; run `crosshost triage --all " + runDir + "` again", e);
        }
    }
}
