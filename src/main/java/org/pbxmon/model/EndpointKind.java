package org.pbxmon.model;

/** Whether an endpoint is a trunk (towards a provider or another PBX) or an extension (a phone). */
public enum EndpointKind {
    TRUNK("trunk"),
    EXTENSION("extension");

    private final String label;

    EndpointKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
