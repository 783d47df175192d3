package org.pbxmon.sim;

/**
 * The RTP session of one answered PJSIP/IAX2 channel: SSRCs, addresses, packet and loss counters and
 * the per-report samples the RTPAUDIOQOS spreads are computed from. Mutated under the world lock.
 */
final class MediaLeg {
    /** 20 ms packets (G.711 at 8 kHz). */
    static final int PACKETS_PER_SECOND = 50;
    static final int SAMPLES_PER_PACKET = 160;

    final SimCall call;
    final Chan chan;
    final long ssrc;
    final long themSsrc;
    /** RTCP addresses ("ip:port") of the PBX and of the far end. */
    final String local;
    final String remote;
    final long answeredMillis;
    final int rxSeqStart;
    final int txSeqStart;
    final long rtpBase;
    long nextDueMillis;
    long lastSampleMillis;
    /** Packets sent per direction until the last sample (both directions carry the same 50 packets/s). */
    long packets;
    long lostRx;
    long lostTx;
    int reports;
    final Stats mesRx = new Stats();
    final Stats mesTx = new Stats();
    final Stats jitterRx = new Stats();
    final Stats jitterTx = new Stats();
    final Stats lossRx = new Stats();
    final Stats lossTx = new Stats();
    final Stats rtt = new Stats();

    MediaLeg(SimCall call, Chan chan, long ssrc, long themSsrc, String local, String remote, long answeredMillis,
            int rxSeqStart, int txSeqStart, long rtpBase, long intervalMillis) {
        this.call = call;
        this.chan = chan;
        this.ssrc = ssrc & 0xffffffffL;
        this.themSsrc = themSsrc & 0xffffffffL;
        this.local = local;
        this.remote = remote;
        this.answeredMillis = answeredMillis;
        this.lastSampleMillis = answeredMillis;
        this.rxSeqStart = rxSeqStart;
        this.txSeqStart = txSeqStart;
        this.rtpBase = rtpBase;
        this.nextDueMillis = answeredMillis + intervalMillis;
    }

    /**
     * Counts the packets since the last sample at quality {@code q} and records one sample of every
     * measure (the far-end ones only when the far end sends report blocks).
     */
    void sample(long now, Quality q) {
        long expected = Math.max(0, now - answeredMillis) * PACKETS_PER_SECOND / 1000;
        long fresh = Math.max(0, expected - packets);
        long rxLost = Math.round(fresh * q.lossRatio());
        packets = Math.max(packets, expected);
        lostRx += rxLost;
        mesRx.add(q.mes());
        jitterRx.add(q.jitterSeconds());
        lossRx.add(rxLost);
        if (q.farEndReports()) {
            long txLost = Math.round(fresh * q.lossRatio());
            lostTx += txLost;
            mesTx.add(q.mes());
            jitterTx.add(q.jitterSeconds());
            lossTx.add(txLost);
            rtt.add(q.rttSeconds());
        }
        lastSampleMillis = now;
    }

    /** Highest sequence number received (extended with the cycle count in the upper 16 bits). */
    long rxHighestSeq() {
        return rxSeqStart + packets;
    }

    long txHighestSeq() {
        return txSeqStart + packets;
    }

    /** Minimum, maximum, mean, standard deviation and last value of one measure. */
    static final class Stats {
        int n;
        double min;
        double max;
        double sum;
        double sumSq;
        double last;

        void add(double v) {
            if (n == 0 || v < min) {
                min = v;
            }
            if (n == 0 || v > max) {
                max = v;
            }
            n++;
            sum += v;
            sumSq += v * v;
            last = v;
        }

        double avg() {
            return n == 0 ? 0 : sum / n;
        }

        double stdev() {
            if (n < 2) {
                return 0;
            }
            double mean = sum / n;
            return Math.sqrt(Math.max(0, sumSq / n - mean * mean));
        }
    }
}
