package org.pbxmon.model;

/**
 * The last result of one HTTP probe. Published by the probe source; rendered by the exporters. (The
 * probes issue owns the fields; {@link #name()} is the key.)
 */
public record ProbeStatus(String name, boolean up, String error, long updatedEpochMs) {
}
