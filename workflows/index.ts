// Entry point of the workflow bundle (Worker `workflowsPath`). Only workflows live here.
export { processPacket, packetStateQuery, reviewUpdate } from './process-packet/process-packet.js';
