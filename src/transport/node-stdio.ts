/**
 * The host end of a download session on this process's stdin/stdout (e.g. piped to
 * `boothold sim --stdio` with socat), as a Transport.
 */
import { NodeStreamTransport } from './node-stream.ts';

export function openStdioTransport(label = 'stdio'): NodeStreamTransport {
  return new NodeStreamTransport({ kind: 'node-stdio', label }, process.stdin, process.stdout, () => {
    process.stdin.pause();
  });
}
