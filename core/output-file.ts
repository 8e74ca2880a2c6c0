/** Writing the project's generated files so that a reader (a test, a review, a killed run) never sees half a file. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Write `content` to `file` through a temporary file and one rename. Returns false when it was already so. */
export function writeFileAtomically(file: string, content: string | Buffer): boolean {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  if (fs.existsSync(file) && fs.readFileSync(file).equals(bytes)) return false;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, file);
  return true;
}
