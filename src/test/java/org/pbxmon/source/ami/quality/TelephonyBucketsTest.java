package org.pbxmon.source.ami.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelephonyBucketsTest {
    @Test
    void strictlyIncreasingAndPositive() {
        for (double[] b : List.of(TelephonyBuckets.mes(), TelephonyBuckets.jitterSeconds(), TelephonyBuckets.lossRatio(),
                TelephonyBuckets.rttSeconds(), TelephonyBuckets.talkSeconds(), TelephonyBuckets.queueWaitSeconds())) {
            assertTrue(b.length >= 8 && b[0] > 0, Arrays.toString(b));
            for (int i = 1; i < b.length; i++) {
                assertTrue(b[i] > b[i - 1], Arrays.toString(b));
            }
        }
    }

    @Test
    void theLinesThatMatter() {
        assertTrue(TelephonyBuckets.mes()[TelephonyBuckets.mes().length - 1] <= 100);
        assertTrue(Arrays.binarySearch(TelephonyBuckets.mes(), 70) >= 0, "default poor-quality line");
        assertTrue(TelephonyBuckets.lossRatio()[TelephonyBuckets.lossRatio().length - 1] <= 1);
        assertTrue(Arrays.binarySearch(TelephonyBuckets.jitterSeconds(), 0.03) >= 0);
        assertTrue(Arrays.binarySearch(TelephonyBuckets.rttSeconds(), 0.3) >= 0, "G.114 150 ms one way");
        assertTrue(Arrays.binarySearch(TelephonyBuckets.queueWaitSeconds(), 20) >= 0, "default service level");
    }

    @Test
    void copiesCannotCorruptTheTable() {
        TelephonyBuckets.mes()[0] = -1;
        assertEquals(20, TelephonyBuckets.mes()[0]);
    }
}
