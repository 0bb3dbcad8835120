package io.crosshost.triage;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;

/** The entries of a tar whose paths are in a set, as a tar of their own: one hybrid's share of one export. */
final class TarSubset {

    private TarSubset() {
    }

    static byte[] of(byte[] tar, Set<String> paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar));
             TarArchiveOutputStream subset = new TarArchiveOutputStream(out)) {
            subset.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            subset.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (paths.contains(entry.getName().replaceFirst("^(\\./)+", "").replaceFirst("^/+", ""))) {
                    subset.putArchiveEntry(entry);
                    if (entry.isFile()) {
                        in.transferTo(subset);
                    }
                    subset.closeArchiveEntry();
                }
            }
            subset.finish();
        } catch (IOException e) {
            throw new UncheckedIOException("the exported tar could not be read", e);
        }
        return out.toByteArray();
    }
}
