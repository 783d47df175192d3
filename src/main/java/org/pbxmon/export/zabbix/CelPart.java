package org.pbxmon.export.zabbix;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import org.pbxmon.model.CelStatus;

/**
 * The CEL figures of one PBX in its flat object: THE place where CEL reaches Zabbix.
 *
 * <p>{@code cel_enabled} is always present (1 when the PBX has a CEL source). Until the CEL issue
 * settles {@link CelStatus}, its scalar components follow as {@code cel_<component>}. When it lands,
 * replace the generic copy with explicit keys that are present (0) even without a CEL source, e.g.
 * {@code cel_db_up}, {@code cel_stalled}, {@code cel_pending}, so that template items never go
 * unsupported.
 */
final class CelPart {
    private CelPart() {
    }

    static void add(ObjectNode n, CelStatus cel) {
        n.put("cel_enabled", cel == null ? 0 : 1);
        if (cel != null) {
            RecordFields.copy(cel, "cel_", Set.of("pbx"), n);
        }
    }
}
