package org.pbxmon.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Call quality, KPI and queue service settings of one PBX ({@code pbx[i].quality}).
 *
 * @param poorMes                 a live call under this MES counts in {@code asterisk_calls_poor_quality}
 * @param serviceLevelThresholds  answered within each of these counts towards the service level
 * @param serviceLevelWindow      the sliding window of {@code asterisk_queue_service_level_ratio}
 * @param tenants                 tenant rules, first match wins; empty: no {@code tenant} label
 * @param tenantLimit             at most this many tenant values; the rest are counted as {@code other}
 */
public record QualityConfig(double poorMes, List<Duration> serviceLevelThresholds, Duration serviceLevelWindow,
        List<TenantRule> tenants, int tenantLimit) {

    public static final QualityConfig DEFAULTS = new QualityConfig(70, List.of(Duration.ofSeconds(20)),
            Duration.ofHours(1), List.of(), 20);

    public QualityConfig {
        serviceLevelThresholds = List.copyOf(serviceLevelThresholds);
        tenants = List.copyOf(tenants);
        Objects.requireNonNull(serviceLevelWindow, "serviceLevelWindow");
    }

    /**
     * One tenant rule: a leg matches when every condition that is set matches.
     *
     * @param contextPrefix the channel's dialplan context starts with this
     * @param accountCode   the channel's AccountCode equals this
     * @param channelMatch  the channel name matches this regex (find)
     * @param queuePrefix   a queue whose name starts with this belongs to the tenant
     */
    public record TenantRule(String tenant, String contextPrefix, String accountCode, Pattern channelMatch,
            String queuePrefix) {

        @Override
        public boolean equals(Object o) {
            return o instanceof TenantRule t && tenant.equals(t.tenant) && Objects.equals(contextPrefix, t.contextPrefix)
                    && Objects.equals(accountCode, t.accountCode) && Objects.equals(queuePrefix, t.queuePrefix)
                    && Objects.equals(channelMatch == null ? null : channelMatch.pattern(),
                            t.channelMatch == null ? null : t.channelMatch.pattern());
        }

        @Override
        public int hashCode() {
            return Objects.hash(tenant, contextPrefix, accountCode, queuePrefix,
                    channelMatch == null ? null : channelMatch.pattern());
        }
    }
}
