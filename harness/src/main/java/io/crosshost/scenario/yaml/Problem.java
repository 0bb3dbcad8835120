package io.crosshost.scenario.yaml;

import io.crosshost.scenario.SourceLocation;

/** One thing wrong with a definition file, located so that an editor can jump to it. */
public record Problem(SourceLocation location, String message) {

    /** {@code file:line:column: message}, the form compilers use, so IDEs and terminals link it. */
    @Override
    public String toString() {
        return location + ": " + message;
    }
}
