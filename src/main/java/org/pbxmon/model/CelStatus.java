package org.pbxmon.model;

/**
 * What the CEL source knows about one PBX's CEL table. Published by the CEL poller; rendered by the
 * exporters. (The CEL issue owns the fields; {@link #pbx()} is the key.)
 *
 * @param pbx the PBX name this CEL table belongs to
 */
public record CelStatus(String pbx, boolean dbUp, String error, long updatedEpochMs) {
}
