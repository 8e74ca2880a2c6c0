/** C0 and C1 control characters and DEL: in a name they are a pasting accident (NUL truncates it in DMS's C code). */
// eslint-disable-next-line no-control-regex -- matching control characters is what it is for
export const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;
