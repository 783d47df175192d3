package org.pbxmon.agent;

import java.util.List;
import org.pbxmon.incident.Alert;
import org.pbxmon.incident.AlertSink;
import org.pbxmon.incident.Incident;
import org.pbxmon.incident.IncidentEngine;
import org.pbxmon.incident.IncidentQueries;
import org.pbxmon.incident.ObjectView;
import org.pbxmon.incident.StoreException;
import org.pbxmon.incident.intake.IntakeCounters;

/**
 * What the intake and the incident API talk to: the engine of the moment, which a config reload may
 * replace or remove (then the intake answers "disabled" and the API E542).
 */
final class IncidentFront implements AlertSink, IncidentQueries {
    volatile IncidentEngine engine;
    final IntakeCounters intake = new IntakeCounters();

    @Override
    public Result accept(List<Alert> alerts) {
        IncidentEngine e = engine;
        return e == null ? Result.DISABLED : e.accept(alerts);
    }

    @Override
    public boolean enabled() {
        IncidentEngine e = engine;
        return e != null && e.enabled();
    }

    @Override
    public List<ObjectView> objects() {
        IncidentEngine e = engine;
        return e == null ? List.of() : e.objects();
    }

    @Override
    public List<Incident> open() {
        IncidentEngine e = engine;
        return e == null ? List.of() : e.open();
    }

    @Override
    public List<Incident> since(long sinceMs, int limit) throws StoreException {
        IncidentEngine e = engine;
        if (e == null) {
            throw new StoreException("incidents are disabled");
        }
        return e.since(sinceMs, limit);
    }
}
