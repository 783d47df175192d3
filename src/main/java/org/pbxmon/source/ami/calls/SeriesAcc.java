package org.pbxmon.source.ami.calls;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pbxmon.model.CallSeries;
import org.pbxmon.model.LegKey;
import org.pbxmon.source.ami.quality.Disposition;
import org.pbxmon.source.ami.quality.TelephonyBuckets;

/** The counters and histograms of one {@link LegKey}. Not thread-safe. */
final class SeriesAcc {
    final LegKey key;
    final Map<Disposition, Long> attempts = new EnumMap<>(Disposition.class);
    final Map<String, Long> causes = new HashMap<>();
    final HistogramAcc duration = new HistogramAcc(TelephonyBuckets.talkSeconds());
    final HistogramAcc mesRx = new HistogramAcc(TelephonyBuckets.mes());
    final HistogramAcc mesTx = new HistogramAcc(TelephonyBuckets.mes());
    final HistogramAcc jitterRx = new HistogramAcc(TelephonyBuckets.jitterSeconds());
    final HistogramAcc jitterTx = new HistogramAcc(TelephonyBuckets.jitterSeconds());
    final HistogramAcc lossRx = new HistogramAcc(TelephonyBuckets.lossRatio());
    final HistogramAcc lossTx = new HistogramAcc(TelephonyBuckets.lossRatio());
    final HistogramAcc rtt = new HistogramAcc(TelephonyBuckets.rttSeconds());
    long qualityMissing;
    private CallSeries cached;

    SeriesAcc(LegKey key) {
        this.key = key;
    }

    void changed() {
        cached = null;
    }

    CallSeries snapshot() {
        CallSeries s = cached;
        if (s == null) {
            Map<String, Long> a = new LinkedHashMap<>();
            for (Disposition d : Disposition.values()) {
                a.put(d.label(), attempts.getOrDefault(d, 0L));
            }
            s = new CallSeries(key, a, causes, duration.snapshot(), mesRx.snapshot(), mesTx.snapshot(),
                    jitterRx.snapshot(), jitterTx.snapshot(), lossRx.snapshot(), lossTx.snapshot(), rtt.snapshot(),
                    qualityMissing);
            cached = s;
        }
        return s;
    }
}
