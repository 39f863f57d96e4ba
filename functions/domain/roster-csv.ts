/**
 * A student roster as staff upload it: a CSV saved from Excel or WPS. Decoding, CSV parsing,
 * header recognition and row validation are pure, so the upload route only has to read the bytes
 * and store what this module accepts, and the same report (which rows are bad, and why) can be
 * shown before anything is written.
 *
 * What it has to put up with is what Excel produces on Chinese Windows: GB18030/GBK rather than
 * UTF-8, "Unicode text" exports in UTF-16LE with tabs, Chinese or English headers in any order,
 * full-width digits typed with a Chinese IME, and rosters typed by hand with "，" between fields.
 *
 * Row errors use the stable codes of `fieldErrors` (message keys under `error.` in src/i18n), plus
 * `unknown_major`, `duplicate_in_file` and `scientific_notation`.
 */
import { z } from "zod";
import { contactEmail, fieldErrors, type FieldError } from "./proposal-input.ts";
import { normalizeProse, normalizeText, searchKey } from "./text.ts";

export type RosterEncoding = "utf-8" | "gb18030" | "utf-16le";

/**
 * The text of an uploaded file. Strict UTF-8 is tried first because GBK text almost never forms
 * valid UTF-8, while ASCII (and so any English roster) reads the same either way; only a file
 * that fails it is read as GB18030, the superset of GBK that Excel on Chinese Windows writes.
 */
export function decodeRoster(bytes: Uint8Array): { text: string; encoding: RosterEncoding } {
  // Excel's "Unicode text" export: UTF-16LE, always with its byte order mark.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: stripBom(new TextDecoder("utf-16le").decode(bytes)), encoding: "utf-16le" };
  }
  try {
    return { text: stripBom(new TextDecoder("utf-8", { fatal: true }).decode(bytes)), encoding: "utf-8" };
  } catch {
    return { text: stripBom(new TextDecoder("gb18030").decode(bytes)), encoding: "gb18030" };
  }
}

// TextDecoder drops a UTF-8 or UTF-16 mark itself; GB18030's own mark (84 31 95 33) decodes to U+FEFF.
function stripBom(text: string): string {
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

type Separator = "," | "\t" | "，";

/** A record and the spreadsheet row it starts on (what Excel shows in its row headers). */
interface CsvRecord {
  row: number;
  cells: string[];
}

/**
 * RFC 4180 as Excel writes and reads it: quoted fields with doubled quotes and line breaks
 * inside; CRLF, LF or CR line ends; a quote that does not open a field is an ordinary character.
 * Completely empty lines are skipped; nothing is trimmed. Never throws: an unclosed quote makes
 * the rest of the text the last field, so a broken file still gets a report rather than a crash.
 */
export function parseCsv(text: string): string[][] {
  return readRecords(text, detectSeparator(text)).map((record) => record.cells);
}

/**
 * The separator, from the first non-empty line: a comma if it has one outside quotes, else a tab
 * (Excel's "Unicode text"), else a full-width comma (a roster typed with a Chinese IME), else a
 * comma. A quote opens a field after any candidate separator, so that a tab-separated header
 * with "a,b" in quotes is not taken for comma-separated.
 */
function detectSeparator(text: string): Separator {
  let inQuotes = false;
  let fieldStart = true;
  let lineStarted = false;
  let tab = false;
  let fullWidth = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      if (lineStarted) break;
      continue;
    }
    lineStarted = true;
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
    } else if (ch === ",") {
      return ",";
    } else if (ch === "\t" || ch === "，") {
      if (ch === "\t") tab = true;
      else fullWidth = true;
      fieldStart = true;
    } else {
      fieldStart = false;
    }
  }
  return tab ? "\t" : fullWidth ? "，" : ",";
}

function readRecords(text: string, separator: Separator): CsvRecord[] {
  const records: CsvRecord[] = [];
  let row = 1;
  let cells: string[] = [];
  let field = "";
  let inQuotes = false;
  let fieldStart = true;
  // A line holding only `""` is a record with one empty field, not an empty line.
  let hasContent = false;
  const endRecord = () => {
    if (hasContent) {
      cells.push(field);
      records.push({ row, cells });
    }
    row++;
    cells = [];
    field = "";
    fieldStart = true;
    hasContent = false;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
        } else {
          inQuotes = false;
          i++;
        }
        continue;
      }
      // Copy up to the next quote at once: quoted fields may hold long notes.
      const next = text.indexOf('"', i);
      const end = next < 0 ? text.length : next;
      field += text.slice(i, end);
      i = end;
      continue;
    }
    if (ch === '"' && fieldStart) {
      inQuotes = true;
      fieldStart = false;
      hasContent = true;
      i++;
    } else if (ch === separator) {
      cells.push(field);
      field = "";
      fieldStart = true;
      hasContent = true;
      i++;
    } else if (ch === "\r" || ch === "\n") {
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      endRecord();
    } else {
      field += ch;
      fieldStart = false;
      hasContent = true;
      i++;
    }
  }
  endRecord();
  return records;
}

export const ROSTER_COLUMNS = ["studentNumber", "name", "major", "cohort", "email", "phone"] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
const REQUIRED_COLUMNS: readonly RosterColumn[] = ["studentNumber", "name", "major", "cohort"];

/** Header names as staff write them, in the form `headerKey` reduces them to. */
const HEADER_ALIASES: Record<RosterColumn, readonly string[]> = {
  studentNumber: ["学号", "学生编号", "studentnumber", "studentno", "studentid"],
  name: ["姓名", "名字", "name", "fullname"],
  major: ["专业", "专业名称", "major"],
  cohort: ["班级", "班别", "年级班级", "class", "cohort"],
  email: ["邮箱", "电子邮箱", "电子邮件", "email"],
  phone: ["手机", "手机号", "手机号码", "电话", "联系电话", "phone", "mobile"],
};
const COLUMN_BY_HEADER = new Map<string, RosterColumn>(ROSTER_COLUMNS.flatMap((column) => HEADER_ALIASES[column].map((alias) => [alias, column] as const)));

/**
 * NFKC, lower case, without spaces, `_ - .` (Student_No, E-mail, "Student No.") or the `*`
 * that templates put on required columns; invisible marks a stray BOM or a paste leaves are dropped.
 */
function headerKey(header: string): string {
  return header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_.*\-\uFEFF\u200B-\u200D\u2060]/gu, "");
}

/** Excel shows 12-digit numbers as 2.02301E+11 and saves them so; the digits are lost. */
const SCIENTIFIC = /^\d(\.\d+)?e[+-]?\d+$/i;
const notScientific = (v: string) => !SCIENTIFIC.test(v);
const scientificIssue = { params: { code: "scientific_notation" }, message: "scientific_notation" };

/** Empty optional cells (and absent optional columns) become undefined, not an error. */
function optionalCell<T extends z.ZodType<unknown, string>>(schema: T) {
  return z.preprocess((v) => (typeof v === "string" && normalizeText(v) === "" ? undefined : v), schema.optional());
}

export interface KnownMajor {
  code: string;
  nameZh: string;
  nameEn: string;
}

// min(1) first, so that an empty cell reads as "required" rather than "too short". These are
// built once: a fresh schema per upload would also be fresh code for V8 to warm up on every row.
const studentNumber = z.string().overwrite(normalizeText).min(1).refine(notScientific, scientificIssue).regex(/^[A-Za-z0-9-]*$/).min(4).max(20);
const name = z.string().overwrite(normalizeProse).min(1).max(50);
const cohort = z.string().overwrite(normalizeProse).min(1).max(30);
const email = optionalCell(contactEmail);
// Mobile (13800138000), landline (0571-88886666, (0571) 8888 6666), international (+86 …).
const phone = optionalCell(
  z
    .string()
    .overwrite(normalizeText)
    .refine(notScientific, scientificIssue)
    .regex(/^\+?[0-9 ()-]*[0-9][0-9 ()-]*$/)
    .min(6)
    .max(30),
);

/**
 * The one schema a roster row is checked with. It is made per upload because the major must be
 * one of the college's majors, matched by code, Chinese or English name (as typed: NFKC, any
 * case), and stored as its code.
 */
export function rosterRow(majors: readonly KnownMajor[]) {
  const majorCodes = new Map<string, string>();
  // Codes first, so a name can never shadow another major's code.
  for (const major of majors) majorCodes.set(searchKey(major.code), major.code);
  for (const major of majors) {
    for (const majorName of [major.nameZh, major.nameEn]) {
      const key = searchKey(majorName);
      if (key !== "" && !majorCodes.has(key)) majorCodes.set(key, major.code);
    }
  }
  const major = z
    .string()
    .overwrite(searchKey)
    .min(1)
    .transform((key, ctx) => {
      const code = majorCodes.get(key);
      if (code !== undefined) return code;
      ctx.addIssue({ code: "custom", input: key, params: { code: "unknown_major" }, message: "unknown_major" });
      return z.NEVER;
    });
  // Key order is the order errors are reported in: the order of a roster's columns.
  return z.object({ studentNumber, name, major, cohort, email, phone });
}

export type RosterRow = z.output<ReturnType<typeof rosterRow>>;

export type RosterFileError =
  /** An .xlsx or .xls workbook rather than a CSV: it has to be saved as CSV first. */
  | "not_csv"
  /** Nothing but blank lines. */
  | "empty"
  | "missing_columns"
  | "too_many_rows"
  /** A header but no students. */
  | "no_rows";

export interface RosterRowError {
  line: number;
  /** The student number as typed, when there is one, so staff can find the row. */
  studentNumber?: string;
  fields: FieldError[];
}

export interface RosterReport {
  encoding: RosterEncoding;
  fileErrors: RosterFileError[];
  /** The row the header was found on; null when no header was recognized. */
  headerLine: number | null;
  missingColumns: RosterColumn[];
  /** Headers of the columns that were not read (unknown, or a second column for the same field). */
  ignoredColumns: string[];
  rows: { line: number; value: RosterRow }[];
  errors: RosterRowError[];
}

/** Roster templates often carry a title row ("2024级数控技术专业学生名单") above the header. */
const HEADER_SEARCH_ROWS = 5;

/**
 * Everything the upload page reports about a roster file. Line numbers are spreadsheet rows,
 * counted as Excel shows them when it opens the file (header = 1, a blank line is a row, a cell
 * with line breaks is one row), since that is where staff go to fix a row.
 *
 * Every row is checked; a row with any error is left out of `rows`. A student number seen on an
 * earlier row is an error on the later ones. Over `maxRows` students, nothing is read.
 */
export function parseRoster(bytes: Uint8Array, majors: readonly KnownMajor[], maxRows = 5000): RosterReport {
  const { text, encoding } = decodeRoster(bytes);
  const report: RosterReport = { encoding, fileErrors: [], headerLine: null, missingColumns: [], ignoredColumns: [], rows: [], errors: [] };
  if (isWorkbook(bytes)) return { ...report, fileErrors: ["not_csv"] };

  // Excel pads rows to the sheet's width, so rows of bare separators are blank rows too.
  const records = readRecords(text, detectSeparator(text)).filter((record) => record.cells.some((cell) => cell.trim() !== ""));
  if (records.length === 0) return { ...report, fileErrors: ["empty"] };

  const header = findHeader(records.slice(0, HEADER_SEARCH_ROWS));
  const columns = new Map<RosterColumn, number>();
  const ignoredColumns: string[] = [];
  header.record.cells.forEach((cell, index) => {
    const column = COLUMN_BY_HEADER.get(headerKey(cell));
    if (column !== undefined && !columns.has(column)) columns.set(column, index);
    else if (normalizeText(cell) !== "") ignoredColumns.push(normalizeText(cell));
  });
  report.ignoredColumns = ignoredColumns;
  report.missingColumns = REQUIRED_COLUMNS.filter((column) => !columns.has(column));
  if (report.missingColumns.length > 0) return { ...report, fileErrors: ["missing_columns"] };
  report.headerLine = header.record.row;

  const data = records.slice(header.index + 1);
  if (data.length > maxRows) return { ...report, fileErrors: ["too_many_rows"] };
  if (data.length === 0) return { ...report, fileErrors: ["no_rows"] };

  const schema = rosterRow(majors);
  const firstLineOf = new Map<string, number>();
  for (const record of data) {
    const raw = Object.fromEntries(ROSTER_COLUMNS.map((column) => [column, cellOf(record, columns.get(column))]));
    const result = schema.safeParse(raw);
    const fields = result.success ? [] : fieldErrors(result.error);

    const studentNumber = normalizeText(raw["studentNumber"] ?? "");
    if (!fields.some((error) => error.field === "studentNumber")) {
      // Student numbers compare without case: 2023ab01 and 2023AB01 are the same student.
      const key = studentNumber.toUpperCase();
      const firstLine = firstLineOf.get(key);
      if (firstLine === undefined) firstLineOf.set(key, record.row);
      else fields.unshift({ field: "studentNumber", code: "duplicate_in_file", params: { firstLine } });
    }

    if (result.success && fields.length === 0) report.rows.push({ line: record.row, value: result.data });
    else report.errors.push({ line: record.row, ...(studentNumber === "" ? {} : { studentNumber }), fields });
  }
  return report;
}

/** The first of the top rows that has every required column, else the one with the most. */
function findHeader(candidates: CsvRecord[]): { record: CsvRecord; index: number } {
  let best = { index: 0, found: -1 };
  candidates.forEach((record, index) => {
    const found = new Set(record.cells.map((cell) => COLUMN_BY_HEADER.get(headerKey(cell))).filter((column) => column !== undefined && REQUIRED_COLUMNS.includes(column))).size;
    if (found > best.found) best = { index, found };
  });
  // candidates is never empty: parseRoster returns "empty" first.
  const record = candidates[best.index] ?? { row: 1, cells: [] };
  return { record, index: best.index };
}

function cellOf(record: CsvRecord, index: number | undefined): string {
  return index === undefined ? "" : (record.cells[index] ?? "");
}

/** Zip (.xlsx) or OLE compound file (.xls): a workbook uploaded where the CSV was meant. */
function isWorkbook(bytes: Uint8Array): boolean {
  const starts = (magic: number[]) => magic.every((byte, i) => bytes[i] === byte);
  return starts([0x50, 0x4b, 0x03, 0x04]) || starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}
