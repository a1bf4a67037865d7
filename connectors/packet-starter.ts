import type { PacketEventV1 } from '../core/events.js';

/** Starts the processPacket workflow for one packet. 'duplicate' when that packet's workflow already exists. */
export type StartPacket = (event: PacketEventV1, intake: 'kafka' | 'folder' | 'cli') => Promise<'started' | 'duplicate'>;

/** Typed events connectors emit; worker/ wires them to logs and metrics. Never carries PII. */
export type IntakeEvent =
  | { type: 'packet.started' | 'packet.duplicate'; intake: string; tenantId: string; packetId: string }
  | { type: 'packet.rejected'; intake: string; code: string; reason: string; where: string };

export type IntakeListener = (event: IntakeEvent) => void;
