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
 * <li>unanswered calls (hangup with a cause, or endUnanswered with a {@link org.pbxmon.sim.DialStatus}):
 * DialEnd DialStatus BUSY / NOANSWER / CANCEL / CONGESTION / CHANUNAVAIL for every dial, SoftHangupRequest,
 * then each channel's Hangup with the cause (17 User busy, 19 User alerting, no answer, 16 Normal Clearing,
 * 34 Circuit/channel congestion, 20 Subscriber absent or 3 No route to destination);</li>
 * <li>media (answered PJSIP and IAX2 channels, never Local ones), valued by the scripted
 * {@link org.pbxmon.sim.Quality}: RTCPReceived (PT 200(SR) with a Report0 block and RTT, or the capture's
 * SR without blocks) then RTCPSent (PT 201(RR), one Report0 block, MES of the received stream) every RTCP
 * interval on the world clock ({@code emitRtcpDue}) or on demand ({@code rtcp}); just before such a
 * channel's Hangup the VarSets RTPAUDIOQOS, RTPAUDIOQOSJITTER, RTPAUDIOQOSLOSS, RTPAUDIOQOSRTT,
 * RTPAUDIOQOSMES (the capture's all-zero form, rxcount=0 and txcount=0, for a call without media);</li>
 * <li>queues: QueueCallerJoin; on answer QueueCallerLeave then AgentConnect (HoldTime = seconds waited,
 * RingTime) before the BridgeEnters; at hangup AgentComplete (HoldTime, TalkTime, Reason) after
 * BridgeDestroy and before the Hangups; QueueCallerAbandon (Position, OriginalPosition, HoldTime) then
 * QueueCallerLeave when an unanswered queued call ends; QueueMemberStatus.</li>
 * </ul>
 */
package org.pbxmon.sim;
