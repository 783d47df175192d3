package org.pbxmon.source.ami.calls;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.pbxmon.config.QualityConfig;

/**
 * Maps a channel or a queue to a tenant by the configured rules (first match wins). At most
 * {@code limit} distinct tenant values are ever handed out; a further tenant is {@link #OTHER} and
 * counted, so the label can never grow past the limit. Unmatched is {@link #NONE}. Not thread-safe.
 */
final class Tenants {
    static final String OTHER = "other";
    static final String NONE = "none";

    private final List<QualityConfig.TenantRule> rules;
    private final int limit;
    private final Set<String> admitted = new LinkedHashSet<>();
    private long overflowed;

    Tenants(List<QualityConfig.TenantRule> rules, int limit) {
        this.rules = List.copyOf(rules);
        this.limit = Math.max(1, limit);
    }

    /** Whether tenant labels are in use at all. */
    boolean enabled() {
        return !rules.isEmpty();
    }

    /** The tenant label of a channel, or null when tenants are not configured. */
    String ofChannel(String channel, String context, String accountCode) {
        if (!enabled()) {
            return null;
        }
        for (QualityConfig.TenantRule r : rules) {
            if (r.contextPrefix() == null && r.accountCode() == null && r.channelMatch() == null) {
                continue; // a queue-only rule
            }
            if (r.contextPrefix() != null && (context == null || !context.startsWith(r.contextPrefix()))) {
                continue;
            }
            if (r.accountCode() != null && !r.accountCode().equals(accountCode)) {
                continue;
            }
            if (r.channelMatch() != null && (channel == null || !r.channelMatch().matcher(channel).find())) {
                continue;
            }
            return admit(r.tenant());
        }
        return NONE;
    }

    /** The tenant of a queue: a {@code queue_prefix} rule, else the caller's tenant, else none. */
    String ofQueue(String queue, String callerTenant) {
        if (!enabled()) {
            return null;
        }
        for (QualityConfig.TenantRule r : rules) {
            if (r.queuePrefix() != null && queue != null && queue.startsWith(r.queuePrefix())) {
                return admit(r.tenant());
            }
        }
        return callerTenant != null ? callerTenant : NONE;
    }

    private String admit(String tenant) {
        if (admitted.contains(tenant)) {
            return tenant;
        }
        if (admitted.size() < limit) {
            admitted.add(tenant);
            return tenant;
        }
        overflowed++;
        return OTHER;
    }

    long overflowed() {
        return overflowed;
    }
}
