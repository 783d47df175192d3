package org.pbxmon.model;

/**
 * A trunk's audio now and its recent traffic.
 *
 * @param tenant       tenant label, null without tenant rules
 * @param activeLegs   live legs on the trunk
 * @param reportedLegs live legs with at least one RTCP report so far
 * @param mes          mean MES of the live legs' latest reports (each leg scored by its worse
 *                     direction); null when no live leg has a report
 * @param poorCalls    live legs whose latest MES is under {@code quality.poor_mes}
 * @param last5m       KPIs over the last 5 minutes
 * @param last1h       KPIs over the last hour
 */
public record TrunkQuality(String tenant, String trunk, int activeLegs, int reportedLegs, Double mes, int poorCalls,
        Kpis last5m, Kpis last1h) {

    /**
     * Traffic KPIs over a window, from the legs that ended in it.
     *
     * @param attempts    legs that ended
     * @param answered    of them, answered
     * @param effective   answered, busy, no answer or rejected: the network delivered the call (ITU-T E.411)
     * @param talkSeconds total answered talk time
     */
    public record Kpis(long attempts, long answered, long effective, double talkSeconds) {
        public static final Kpis NONE = new Kpis(0, 0, 0, 0);

        /** Answer-seizure ratio, answered / attempts; null when there was no attempt. */
        public Double asr() {
            return attempts == 0 ? null : answered / (double) attempts;
        }

        /** Network effectiveness ratio, effective / attempts; null when there was no attempt. */
        public Double ner() {
            return attempts == 0 ? null : effective / (double) attempts;
        }

        /** Average call duration of the answered legs, seconds; null when none was answered. */
        public Double acdSeconds() {
            return answered == 0 ? null : talkSeconds / answered;
        }
    }
}
