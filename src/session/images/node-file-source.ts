/**
 * A file on disk as a ByteSource (CLI, benchmarks). Node-only: never imported by the web app.
 */
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ByteSource } from './byte-source.ts';

export interface FileSource extends ByteSource {
  close(): Promise<void>;
}

export async function openFileSource(path: string): Promise<FileSource> {
  const fh = await open(path, 'r');
  const stat = await fh.stat();
  if (!stat.isFile()) {
    // Linux opens a directory for reading; the first read would fail with a bare EISDIR.
    await fh.close();
    throw Object.assign(new Error(`${path} is ${stat.isDirectory() ? 'a directory' : 'not a regular file'}`), { code: stat.isDirectory() ? 'EISDIR' : 'ENOTREG', path });
  }
  const { size } = stat;
  return {
    name: basename(path),
    size,
    async read(offset, length) {
      const buf = Buffer.allocUnsafe(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
      return new Uint8Array(buf.buffer, buf.byteOffset, bytesRead);
    },
    async readInto(offset, target) {
      const { bytesRead } = await fh.read(target, 0, Math.max(0, Math.min(target.length, size - offset)), offset);
      return bytesRead;
    },
    close: () => fh.close(),
  };
}
