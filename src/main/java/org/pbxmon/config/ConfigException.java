package org.pbxmon.config;

import java.util.List;

/**
 * An invalid configuration. {@link #problems()} lists every problem found, each
 * {@code "<yaml path>: <message>"} (or {@code "<file>: ..."} for file-level problems);
 * {@link #getMessage()} is the same list joined by newlines. No message ever contains a secret.
 */
public final class ConfigException extends Exception {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in document order (as far as it can be known), never empty. */
    public List<String> problems() {
        return problems;
    }
}
