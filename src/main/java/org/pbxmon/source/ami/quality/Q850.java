package org.pbxmon.source.ami.quality;

import java.util.Map;

/**
 * A fixed table of ITU-T Q.850 cause codes (as Asterisk reports them in {@code Hangup} {@code Cause})
 * to snake_case names, the {@code cause} label of {@code asterisk_hangup_causes_total}. Fixed so the
 * label set is bounded: a code outside the table is {@code other}. Names follow Q.850 except
 * 26, which Asterisk uses and prints as "Answered elsewhere" (ring groups, queues), and 0, which is
 * not a Q.850 code but Asterisk's "not defined" (seen in the capture as {@code Cause: 0},
 * {@code Cause-txt: Unknown}) and is named {@code unknown}.
 */
public final class Q850 {
    /** Name for codes outside the table, and for a missing or unparsable cause. */
    public static final String OTHER = "other";

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "unknown"),
            Map.entry(1, "unallocated_number"),
            Map.entry(2, "no_route_to_transit_network"),
            Map.entry(3, "no_route_to_destination"),
            Map.entry(5, "misdialled_trunk_prefix"),
            Map.entry(6, "channel_unacceptable"),
            Map.entry(7, "call_awarded_delivered"),
            Map.entry(8, "preemption"),
            Map.entry(9, "preemption_circuit_reserved"),
            Map.entry(14, "number_ported_not_here"),
            Map.entry(16, "normal_clearing"),
            Map.entry(17, "user_busy"),
            Map.entry(18, "no_user_response"),
            Map.entry(19, "no_answer"),
            Map.entry(20, "subscriber_absent"),
            Map.entry(21, "call_rejected"),
            Map.entry(22, "number_changed"),
            Map.entry(23, "redirected_to_new_destination"),
            Map.entry(25, "exchange_routing_error"),
            Map.entry(26, "answered_elsewhere"),
            Map.entry(27, "destination_out_of_order"),
            Map.entry(28, "invalid_number_format"),
            Map.entry(29, "facility_rejected"),
            Map.entry(30, "response_to_status_enquiry"),
            Map.entry(31, "normal_unspecified"),
            Map.entry(34, "no_circuit_available"),
            Map.entry(38, "network_out_of_order"),
            Map.entry(39, "permanent_frame_mode_out_of_service"),
            Map.entry(40, "permanent_frame_mode_operational"),
            Map.entry(41, "temporary_failure"),
            Map.entry(42, "switch_congestion"),
            Map.entry(43, "access_info_discarded"),
            Map.entry(44, "requested_channel_unavailable"),
            Map.entry(46, "precedence_call_blocked"),
            Map.entry(47, "resource_unavailable"),
            Map.entry(49, "quality_of_service_unavailable"),
            Map.entry(50, "facility_not_subscribed"),
            Map.entry(53, "outgoing_call_barred_within_cug"),
            Map.entry(55, "incoming_call_barred_within_cug"),
            Map.entry(57, "bearer_capability_not_authorized"),
            Map.entry(58, "bearer_capability_not_available"),
            Map.entry(62, "inconsistent_outgoing_access"),
            Map.entry(63, "service_or_option_not_available"),
            Map.entry(65, "bearer_capability_not_implemented"),
            Map.entry(66, "channel_type_not_implemented"),
            Map.entry(69, "facility_not_implemented"),
            Map.entry(70, "only_restricted_digital_available"),
            Map.entry(79, "service_or_option_not_implemented"),
            Map.entry(81, "invalid_call_reference"),
            Map.entry(82, "identified_channel_nonexistent"),
            Map.entry(83, "suspended_call_exists_no_identity"),
            Map.entry(84, "call_identity_in_use"),
            Map.entry(85, "no_call_suspended"),
            Map.entry(86, "call_cleared"),
            Map.entry(87, "user_not_in_cug"),
            Map.entry(88, "incompatible_destination"),
            Map.entry(90, "nonexistent_cug"),
            Map.entry(91, "invalid_transit_network"),
            Map.entry(95, "invalid_message_unspecified"),
            Map.entry(96, "mandatory_ie_missing"),
            Map.entry(97, "message_type_nonexistent"),
            Map.entry(98, "wrong_message"),
            Map.entry(99, "ie_nonexistent"),
            Map.entry(100, "invalid_ie_contents"),
            Map.entry(101, "wrong_call_state"),
            Map.entry(102, "recovery_on_timer_expire"),
            Map.entry(103, "mandatory_ie_length_error"),
            Map.entry(111, "protocol_error"),
            Map.entry(127, "interworking"));

    private Q850() {
    }

    /** The name of {@code code}, or {@link #OTHER}. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, OTHER);
    }

    /** The name of a {@code Cause:} header value; {@link #OTHER} for null, blank or non-numeric text. */
    public static String name(String cause) {
        int code = code(cause);
        return code < 0 ? OTHER : name(code);
    }

    /** The code in a {@code Cause:} header value, or -1 when null, blank, negative or not a number. */
    public static int code(String cause) {
        var v = Numbers.integer(cause, false);
        return v.isPresent() && v.getAsLong() <= Integer.MAX_VALUE ? (int) v.getAsLong() : -1;
    }

    /** Every name the table can produce, {@link #OTHER} included (for pre-registering label values). */
    public static java.util.Set<String> names() {
        java.util.Set<String> s = new java.util.TreeSet<>(NAMES.values());
        s.add(OTHER);
        return s;
    }
}
