/** Quoting shared by the generated parts of every engine: runbooks, prerequisites and validation SQL. */

/** Markdown inline code. */
export const code = (value: string): string => `\`${value}\``;

/** A shell word for bash (commas stay bare: `sqlcmd -S host,port`). */
export const shellWord = (value: string): string => (/^[A-Za-z0-9_./:=@,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`);

/**
 * A standard SQL string literal, `'...'` with quotes doubled: PostgreSQL reads it so with
 * standard_conforming_strings (on by default since 9.1), and Redshift, which derives from it, does too.
 */
export const sqlString = (value: string): string => `'${value.replace(/'/g, "''")}'`;
