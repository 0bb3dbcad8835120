package io.crosshost.definitions;

import io.crosshost.scenario.SourceLocation;

/**
 * A host, image or scenario name (or glob) written in a known failure, an exclusion or a selection, kept with
 * its location so that a name the matrix or catalog does not have can be reported where it was written.
 */
record NameRef(Kind kind, String pattern, SourceLocation location, String context) {

    enum Kind {
        HOST("host"), IMAGE("image"), SCENARIO("scenario");

        final String word;

        Kind(String word) {
            this.word = word;
        }
    }

    /** A pattern without glob characters names exactly one thing, so it must exist; a glob may match nothing. */
    boolean isLiteral() {
        return Globs.isLiteral(pattern);
    }
}
