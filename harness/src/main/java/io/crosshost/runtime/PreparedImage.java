package io.crosshost.runtime;

import io.crosshost.assertion.ImageConfig;
import io.crosshost.result.ImageFacts;

/**
 * An image made ready on one host for a run, from one inspection: its facts (what the reports say of it) and its
 * configuration (what image expectations are checked against). {@code config} is null when the session did not read
 * it (a host that lacks the image, a session of a test); a cell that checks it then has the image inspected itself.
 */
public record PreparedImage(ImageFacts facts, ImageConfig config) {
}
