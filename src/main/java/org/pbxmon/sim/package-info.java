/**
 * An in-repo Asterisk PBX simulator speaking the real Asterisk Manager Interface over TCP.
 *
 * <p>{@link org.pbxmon.sim.AmiSimulator} serves a {@link org.pbxmon.sim.SimWorld}: every message copies
 * the byte format of Asterisk 22.10.1 as recorded in the shared fixtures (banner
 * {@code Asterisk Call Manager/11.0.0}, CRLF lines, a blank line after each message, field names and
 * order of the captures). Supported actions: Challenge, Login (MD5 key or plain secret, {@code Events}),
 * Logoff, Ping, CoreSettings, CoreStatus, Command (core show version), PJSIPShowEndpoints,
 * PJSIPShowEndpoint (EndpointDetail, AuthDetail, TransportDetail, AorDetail, ContactStatusDetail,
 * IdentifyDetail), PJSIPShowContacts, PJSIPShowRegistrationsOutbound, IAXpeerlist, IAXregistry, CoreShowChannels,
 * QueueStatus, QueueSummary, Filter and Events; SIPpeers and anything else answer
 * {@code Invalid/unknown command: X. Use Action: ListCommands to show available commands.}
 *
 * <p>World mutators emit, in order and with {@code Privilege:}, the event sequences of the captures:
 * <ul>
 * <li>registerEndpoint: ContactStatus NonQualified, PeerStatus Reachable, ContactStatus Reachable
 * (qualified contacts, with RoundtripUsec), DeviceStateChange, QueueMemberStatus per member;</li>
 * <li>unregisterEndpoint: PeerStatus Unreachable, ContactStatus Removed, DeviceStateChange UNAVAILABLE,
 * QueueMemberStatus;</li>
 * <li>contactUnreachable / contactReachable: PeerStatus, ContactStatus, DeviceStateChange,
 * QueueMemberStatus (only on a status change; a new RTT alone is silent, like qualify);</li>
 * <li>registrationStatus: Registry (ChannelType PJSIP, Username = ClientUri, Domain = ServerUri);</li>
 * <li>iaxPeerStatus: PeerStatus ChannelType IAX2, Peer IAX2/name, Reachable / Lagged / Unreachable,
 * without Time (Asterisk 22 drops it) plus DeviceStateChange;</li>
 * <li>iaxRegistrationState: Registry ChannelType IAX2 (Username, Domain = host:port) on becoming
 * Registered, and with a Cause on Rejected; the other chan_iax2 states change silently;</li>
 * <li>calls: Newchannel, Newexten, VarSet, CEL, DialBegin, Newstate, DialEnd, BridgeCreate,
 * BridgeEnter, SoftHangupRequest, BridgeLeave, BridgeDestroy, Hangup (Cause, Cause-txt);</li>
 * <li>queues: QueueCallerJoin, QueueCallerLeave, QueueCallerAbandon, QueueMemberStatus.</li>
 * </ul>
 */
package org.pbxmon.sim;
