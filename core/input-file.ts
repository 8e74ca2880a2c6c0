/**
 * Reading a file a user named (config, table mappings, task settings) without trusting it: only regular files
 * (a FIFO would block forever, /dev/zero would never end), a size cap checked with fstat on the opened
 * descriptor before reading (no check-then-open race), a bounded read, and strict UTF-8 (invalid bytes would
 * otherwise become U+FFFD in a table name). Messages name the file, never its content.
 */
import * as fs from 'node:fs';
import { parseJson } from './json-text';

/** Pipeline configs and task settings are small; the cap only stops runaway input. */
export const MAX_INPUT_BYTES = 4 * 1024 * 1024;

export type InputResult = { text: string; problem?: undefined } | { text?: undefined; problem: string };

export function readInputFile(file: string, maxBytes = MAX_INPUT_BYTES): InputResult {
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : 'cannot be read' };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { problem: `is not a regular file (${kindOf(stat)})` };
    if (stat.size > maxBytes) return { problem: `is ${stat.size} bytes; at most ${maxBytes} bytes are accepted` };
    // Read at most one byte more than allowed, in case the file grew after fstat.
    const buffer = Buffer.alloc(Math.min(stat.size, maxBytes) + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length === buffer.length) break;
    }
    if (length > maxBytes) return { problem: `is more than ${maxBytes} bytes; at most ${maxBytes} bytes are accepted` };
    try {
      return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buffer.subarray(0, length)) };
    } catch {
      return { problem: `is not valid UTF-8 text (first invalid byte at offset ${firstInvalidUtf8(buffer.subarray(0, length))})` };
    }
  } catch {
    return { problem: 'cannot be read' };
  } finally {
    fs.closeSync(fd);
  }
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** Offset of the first byte that does not start or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

/**
 * A JSON file read as above and parsed: the value, or one problem naming what is wrong (`does not exist`,
 * `is not valid JSON: ... at line L, column C`), to follow the file's name in a message.
 */
export function readJsonFile(
  file: string,
  maxBytes = MAX_INPUT_BYTES,
): { value: unknown; problem?: undefined } | { value?: undefined; problem: string } {
  const input = readInputFile(file, maxBytes);
  return input.problem !== undefined ? { problem: input.problem } : parseJson(input.text);
}
