/** Quoting shared by the generated runbook parts of every engine. */

/** Markdown inline code. */
export const code = (value: string): string => `\`${value}\``;

/** A shell word for bash (commas stay bare: `sqlcmd -S host,port`). */
export const shellWord = (value: string): string => (/^[A-Za-z0-9_./:=@,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);
