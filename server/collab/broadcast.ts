import * as ws from 'ws';
import type { WebSocket } from 'ws';

// ws exports its frame builder at run time; @types/ws does not declare it.
type FrameOptions = { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean };
const { Sender } = ws as unknown as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };

/**
 * Sending one message to many sockets. `ws.send` frames the message anew for every socket
 * (a header allocation and a corked two-part write each); a broadcast frames it once, as one
 * buffer, and writes that buffer to every socket. Only for sockets whose sender is idle and
 * uncompressed (ours never compress); anything else goes through `ws.send` as usual.
 */
type Internals = { _socket?: { write(data: Buffer): boolean }; _sender?: { _state?: number; _queue?: unknown[] } };

export function frame(message: Uint8Array): Buffer {
	const parts = Sender.frame(Buffer.from(message.buffer, message.byteOffset, message.byteLength), {
		fin: true,
		rsv1: false,
		opcode: 2,
		mask: false,
		readOnly: true
	});
	return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

export function sendFramed(ws: WebSocket, framed: Buffer, message: Uint8Array): void {
	if (ws.readyState !== ws.OPEN) return;
	const internals = ws as unknown as Internals;
	const sender = internals._sender;
	if (internals._socket && sender && sender._state === 0 && (sender._queue?.length ?? 0) === 0) internals._socket.write(framed);
	else ws.send(message, { binary: true });
}
