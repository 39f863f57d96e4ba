import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeRoster, parseCsv, parseRoster, rosterRow, type KnownMajor, type RosterReport } from "../../functions/domain/roster-csv.ts";

const MAJORS: KnownMajor[] = [
  { code: "mechatronics", nameZh: "机电一体化技术", nameEn: "Mechatronics Technology" },
  { code: "software-technology", nameZh: "软件技术", nameEn: "Software Technology" },
  { code: "nursing", nameZh: "护理", nameEn: "Nursing" },
];

/**
 * GBK bytes written down by hand (Node's TextEncoder only writes UTF-8), each checked against
 * the GB18030 decoder in the first test below before any other test relies on it.
 */
const GBK: Record<string, number[]> = {
  学号: [0xd1, 0xa7, 0xba, 0xc5],
  姓名: [0xd0, 0xd5, 0xc3, 0xfb],
  专业: [0xd7, 0xa8, 0xd2, 0xb5],
  班级: [0xb0, 0xe0, 0xbc, 0xb6],
  张三: [0xd5, 0xc5, 0xc8, 0xfd],
  李四: [0xc0, 0xee, 0xcb, 0xc4],
  机电一体化技术: [0xbb, 0xfa, 0xb5, 0xe7, 0xd2, 0xbb, 0xcc, 0xe5, 0xbb, 0xaf, 0xbc, 0xbc, 0xca, 0xf5],
  软件技术: [0xc8, 0xed, 0xbc, 0xfe, 0xbc, 0xbc, 0xca, 0xf5],
  班: [0xb0, 0xe0],
};

/** Text as GBK bytes: the words above, and ASCII as itself. */
function gbk(text: string): Uint8Array {
  const bytes: number[] = [];
  const words = Object.keys(GBK).sort((a, b) => b.length - a.length);
  let rest = text;
  while (rest !== "") {
    const word = words.find((w) => rest.startsWith(w));
    if (word !== undefined) {
      bytes.push(...(GBK[word] ?? []));
      rest = rest.slice(word.length);
    } else {
      const code = rest.charCodeAt(0);
      if (code > 0x7f) throw new Error(`no GBK bytes written down for ${rest[0]}`);
      bytes.push(code);
      rest = rest.slice(1);
    }
  }
  return new Uint8Array(bytes);
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const withBom = (bytes: Uint8Array) => new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);

/** UTF-16LE with its byte order mark, as Excel's "Unicode text" export writes it. */
function utf16le(text: string): Uint8Array {
  const bytes = [0xff, 0xfe];
  for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i) & 0xff, text.charCodeAt(i) >> 8);
  return new Uint8Array(bytes);
}

const roster = (text: string, maxRows?: number) => parseRoster(utf8(text), MAJORS, maxRows);

/** Test-only CSV writer: quotes what the parser would otherwise split on. */
function toCsv(rows: string[][], separator = ","): string {
  const quote = (field: string, row: string[]) =>
    /[",\t，\r\n]/.test(field) || (row.length === 1 && field === "") ? `"${field.replaceAll('"', '""')}"` : field;
  return rows.map((row) => row.map((field) => quote(field, row)).join(separator)).join("\r\n");
}

function accepted(report: RosterReport) {
  expect(report.fileErrors).toEqual([]);
  expect(report.errors).toEqual([]);
  return report.rows;
}

describe("reading the bytes staff upload", () => {
  it("uses GBK byte sequences that GB18030 really decodes to the words they stand for", () => {
    const decoder = new TextDecoder("gb18030");
    for (const [word, bytes] of Object.entries(GBK)) expect(decoder.decode(new Uint8Array(bytes))).toBe(word);
    // Some GBK text is valid UTF-8 too (专业 reads as "רҵ"): the decision is made on the whole file.
    expect(new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(GBK["专业"] ?? []))).toBe("רҵ");
    expect(decodeRoster(gbk("学号,姓名,专业,班级"))).toEqual({ text: "学号,姓名,专业,班级", encoding: "gb18030" });
  });

  it("reads a roster Excel saved as GBK on Chinese Windows", () => {
    const report = parseRoster(gbk("学号,姓名,专业,班级\r\n2023001,张三,机电一体化技术,2301班\r\n2023002,李四,软件技术,2302班\r\n"), MAJORS);
    expect(report.encoding).toBe("gb18030");
    expect(accepted(report)).toEqual([
      { line: 2, value: { studentNumber: "2023001", name: "张三", major: "mechatronics", cohort: "2301班" } },
      { line: 3, value: { studentNumber: "2023002", name: "李四", major: "software-technology", cohort: "2302班" } },
    ]);
  });

  it("reads a UTF-8 roster with the byte order mark Excel puts on 'CSV UTF-8', without the mark spoiling the first header", () => {
    const { text, encoding } = decodeRoster(withBom(utf8("学号,姓名\r\n")));
    expect(encoding).toBe("utf-8");
    expect(text).toBe("学号,姓名\r\n");
    const report = parseRoster(withBom(utf8("学号,姓名,专业,班级\r\n2023001,张三,软件技术,软件2301班\r\n")), MAJORS);
    expect(report.missingColumns).toEqual([]);
    expect(accepted(report)).toHaveLength(1);
  });

  it("reads UTF-8 without a byte order mark, and plain ASCII as UTF-8", () => {
    expect(decodeRoster(utf8("学号,姓名"))).toEqual({ text: "学号,姓名", encoding: "utf-8" });
    expect(decodeRoster(utf8("Student No,Name"))).toEqual({ text: "Student No,Name", encoding: "utf-8" });
  });

  it("reads Excel's 'Unicode text' export: UTF-16LE with tabs between the columns", () => {
    const file = utf16le("学号\t姓名\t专业\t班级\r\n2023001\t张三\t护理\t护理2301班\r\n");
    expect(decodeRoster(file).encoding).toBe("utf-16le");
    const report = parseRoster(file, MAJORS);
    expect(report.encoding).toBe("utf-16le");
    expect(accepted(report)).toEqual([{ line: 2, value: { studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班" } }]);
  });

  it("tells staff who upload the Excel workbook itself to save it as CSV first", () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00]);
    for (const file of [xlsx, xls]) {
      const report = parseRoster(file, MAJORS);
      expect(report.fileErrors).toEqual(["not_csv"]);
      expect(report.rows).toEqual([]);
    }
  });
});

describe("parsing CSV as Excel writes it", () => {
  it("keeps commas, doubled quotes and line breaks inside quoted fields", () => {
    expect(parseCsv('学号,备注\r\n2023001,"住校, 3号楼"\r\n2023002,"外号""小张"""\r\n2023003,"第一行\n第二行"\r\n')).toEqual([
      ["学号", "备注"],
      ["2023001", "住校, 3号楼"],
      ["2023002", '外号"小张"'],
      ["2023003", "第一行\n第二行"],
    ]);
  });

  it("reads CRLF, LF and old Mac CR line ends alike, and skips empty lines", () => {
    const expected = [
      ["a", "b"],
      ["1", "2"],
      ["3", "4"],
    ];
    expect(parseCsv("a,b\r\n1,2\r\n3,4\r\n")).toEqual(expected);
    expect(parseCsv("a,b\n1,2\n3,4")).toEqual(expected);
    expect(parseCsv("a,b\r1,2\r3,4\r")).toEqual(expected);
    expect(parseCsv("\r\n\r\na,b\r\n\r\n1,2\n\n\n3,4\r\n\r\n")).toEqual(expected);
  });

  it("trims nothing, inside quotes or out", () => {
    // A quote after a space does not open a quoted field, in Excel either.
    expect(parseCsv(' a ," b ", " c" ,\t')).toEqual([[" a ", " b ", ' " c" ', "\t"]]);
  });

  it("keeps empty fields, and a line holding only an empty quoted field", () => {
    expect(parseCsv("a,,c\r\n,,\r\n\"\"\r\n")).toEqual([["a", "", "c"], ["", "", ""], [""]]);
  });

  it("treats a quote in the middle of a field as an ordinary character, as Excel does", () => {
    expect(parseCsv('5"3,ab"c"\r\n"x"y,z')).toEqual([
      ['5"3', 'ab"c"'],
      ["xy", "z"],
    ]);
  });

  it("splits on tabs when the first line has tabs and no commas (Excel 'Unicode text')", () => {
    expect(parseCsv("学号\t姓名\r\n2023001\t张, 三\r\n")).toEqual([
      ["学号", "姓名"],
      ["2023001", "张, 三"],
    ]);
    // A comma on the first line wins: tabs are then part of the fields.
    expect(parseCsv("a,b\tc\r\n1,2\t3")).toEqual([
      ["a", "b\tc"],
      ["1", "2\t3"],
    ]);
    // A comma inside a quoted tab-separated header does not make the file comma-separated.
    expect(parseCsv('学号\t"姓名,拼音"\r\n1\t"张三,zhang san"')).toEqual([
      ["学号", "姓名,拼音"],
      ["1", "张三,zhang san"],
    ]);
  });

  it("accepts a roster typed by hand with Chinese full-width commas, only when the header has no ASCII comma", () => {
    expect(parseCsv("学号，姓名，专业，班级\n2023001，张三，护理，护理2301班\n2023002，李四,小名，护理，护理2301班")).toEqual([
      ["学号", "姓名", "专业", "班级"],
      ["2023001", "张三", "护理", "护理2301班"],
      ["2023002", "李四,小名", "护理", "护理2301班"],
    ]);
    expect(parseCsv("学号,备注\n2023001,住校，3号楼")).toEqual([
      ["学号", "备注"],
      ["2023001", "住校，3号楼"],
    ]);
  });

  it("takes the rest of the file as the last field when a quote is never closed", () => {
    expect(parseCsv('a,b\r\n1,"never closed\r\n2,3\r\n')).toEqual([
      ["a", "b"],
      ["1", "never closed\r\n2,3\r\n"],
    ]);
    expect(parseCsv('"')).toEqual([[""]]);
  });

  it("returns no rows for an empty text", () => {
    expect(parseCsv("")).toEqual([]);
    expect(parseCsv("\r\n\n\r")).toEqual([]);
  });

  const special = fc.constantFrom('"', '""', ",", "\t", "，", "\r", "\n", "\r\n", " ", "\u3000", "\uFEFF", "a", "学");
  const unit = fc.oneof(special, fc.string({ unit: "binary", minLength: 1, maxLength: 1 }));
  const field = fc.string({ unit, maxLength: 12 });
  const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 });

  it("gives back exactly the fields of any CSV written with proper quoting", () => {
    fc.assert(
      fc.property(rows, fc.boolean(), (table, trailingNewline) => {
        const csv = toCsv(table) + (trailingNewline ? "\r\n" : "");
        expect(parseCsv(csv)).toEqual(table);
      }),
      { numRuns: 300 },
    );
  });

  it("gives back exactly the fields of tab- and full-width-comma-separated files whose header has two columns or more", () => {
    const table = fc.tuple(fc.array(field, { minLength: 2, maxLength: 6 }), fc.array(fc.array(field, { minLength: 1, maxLength: 6 }), { maxLength: 6 }));
    fc.assert(
      fc.property(table, fc.constantFrom("\t", "，"), ([header, body], separator) => {
        expect(parseCsv(toCsv([header, ...body], separator))).toEqual([header, ...body]);
      }),
      { numRuns: 300 },
    );
  });

  it("never throws, whatever text it is given", () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), (text) => {
        const parsed = parseCsv(text);
        expect(Array.isArray(parsed)).toBe(true);
        for (const row of parsed) expect(row.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("recognizing the header", () => {
  it("reads an English header", () => {
    const report = roster("Student No,Name,Major,Class,Email,Phone\r\nS2023-001,Zhang San,Nursing,N2301,zhang@example.com,13800138000\r\n");
    expect(accepted(report)).toEqual([
      { line: 2, value: { studentNumber: "S2023-001", name: "Zhang San", major: "nursing", cohort: "N2301", email: "zhang@example.com", phone: "13800138000" } },
    ]);
  });

  it("reads a Chinese header with the columns in another order", () => {
    const report = roster("班级,联系电话,姓名,电子邮箱,学号,专业名称\r\n软件2301班,0571-88886666,张三,zs@example.com,2023001,软件技术\r\n");
    expect(accepted(report)).toEqual([
      { line: 2, value: { studentNumber: "2023001", name: "张三", major: "software-technology", cohort: "软件2301班", email: "zs@example.com", phone: "0571-88886666" } },
    ]);
  });

  it("recognizes header names whatever their case, spacing, full-width letters or required-column asterisk", () => {
    for (const header of ["STUDENT_ID,Full Name,MAJOR,Cohort,E-mail,Mobile", "ＳＴＵＤＥＮＴ ＮＵＭＢＥＲ,ｎａｍｅ,Ｍａｊｏｒ,ＣＬＡＳＳ,ＥＭＡＩＬ,ＰＨＯＮＥ", "学 号*,姓　名*,专业*,年级班级*,电子邮件,手机号码", "学生编号,名字,专业,班别,邮箱,手机"]) {
      const report = roster(`${header}\n2023001,张三,护理,护理2301班,zs@example.com,13800138000\n`);
      expect(report.missingColumns, header).toEqual([]);
      expect(report.ignoredColumns, header).toEqual([]);
      expect(accepted(report)[0]?.value, header).toEqual({ studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班", email: "zs@example.com", phone: "13800138000" });
    }
  });

  it("ignores extra columns, and reports which", () => {
    const report = roster("序号,学号,姓名,性别,专业,班级,备注,\r\n1,2023001,张三,男,护理,护理2301班,班长,\r\n");
    expect(report.ignoredColumns).toEqual(["序号", "性别", "备注"]);
    expect(accepted(report)).toEqual([{ line: 2, value: { studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班" } }]);
  });

  it("reads the first of two columns for the same field and reports the second as ignored", () => {
    const report = roster("学号,姓名,专业,班级,手机,联系电话\n2023001,张三,护理,护理2301班,13800138000,0571-88886666\n");
    expect(report.ignoredColumns).toEqual(["联系电话"]);
    expect(accepted(report)[0]?.value.phone).toBe("13800138000");
  });

  it("lists the required columns a file lacks, and reads none of its rows", () => {
    const report = roster("学号,名称,专业\r\n2023001,张三,护理\r\n");
    expect(report.fileErrors).toEqual(["missing_columns"]);
    expect(report.missingColumns).toEqual(["name", "cohort"]);
    expect(report.ignoredColumns).toEqual(["名称"]);
    expect(report.headerLine).toBeNull();
    expect(report.rows).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it("finds the header below a title row, as roster templates have", () => {
    const report = roster("2023级护理专业学生名单,,,\r\n学号,姓名,专业,班级\r\n2023001,张三,护理,护理2301班\r\n");
    expect(report.headerLine).toBe(2);
    expect(accepted(report)).toEqual([{ line: 3, value: { studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班" } }]);
  });

  it("does not ask for the optional email and phone columns", () => {
    const report = roster("学号,姓名,专业,班级\n2023001,张三,护理,护理2301班\n");
    expect(report.missingColumns).toEqual([]);
    expect(accepted(report)[0]?.value).toEqual({ studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班" });
  });
});

describe("checking each student", () => {
  const HEADER = "学号,姓名,专业,班级,邮箱,手机\r\n";

  it("reports every bad row with its reasons and its line, and keeps the good ones", () => {
    const report = roster(
      HEADER +
        [
          "2023001,张三,护理,护理2301班,,", // line 2: fine
          ",李四,护理,护理2301班,,", // line 3: no student number
          "20学23,王五,园艺,,not-an-email,phone", // line 4: four problems at once
          "123,赵六,护理,护理2301班,,12345", // line 5: too short, twice
          "2023005,,护理,护理2301班,ls@example.com,13800138000", // line 6: no name
          "2023006,钱七,Software Technology,软件2301班,,", // line 7: fine
        ].join("\r\n"),
    );
    expect(report.fileErrors).toEqual([]);
    expect(report.rows.map((row) => [row.line, row.value.studentNumber])).toEqual([
      [2, "2023001"],
      [7, "2023006"],
    ]);
    expect(report.errors).toEqual([
      { line: 3, fields: [{ field: "studentNumber", code: "required" }] },
      {
        line: 4,
        studentNumber: "20学23",
        fields: [
          { field: "studentNumber", code: "invalid_format" },
          { field: "major", code: "unknown_major" },
          { field: "cohort", code: "required" },
          { field: "email", code: "invalid_email" },
          { field: "phone", code: "invalid_format" },
        ],
      },
      {
        line: 5,
        studentNumber: "123",
        fields: [
          { field: "studentNumber", code: "too_short", params: { min: 4 } },
          { field: "phone", code: "too_short", params: { min: 6 } },
        ],
      },
      { line: 6, studentNumber: "2023005", fields: [{ field: "name", code: "required" }] },
    ]);
  });

  it("reports overlong values with the limit", () => {
    const report = roster(`${HEADER}${"1".repeat(21)},${"张".repeat(51)},护理,${"班".repeat(31)},,${"1".repeat(31)}\r\n`);
    expect(report.errors).toEqual([
      {
        line: 2,
        studentNumber: "1".repeat(21),
        fields: [
          { field: "studentNumber", code: "too_long", params: { max: 20 } },
          { field: "name", code: "too_long", params: { max: 50 } },
          { field: "cohort", code: "too_long", params: { max: 30 } },
          { field: "phone", code: "too_long", params: { max: 30 } },
        ],
      },
    ]);
  });

  it("counts lines as Excel numbers its rows: blank lines count, a cell with line breaks is one row", () => {
    const report = roster(`${HEADER}\r\n2023001,张三,护理,"护理\n2301班",,\r\n,,,,,\r\n2023002,李四,园艺,护理2301班,,\r\n`);
    expect(report.rows.map((row) => row.line)).toEqual([3]);
    expect(report.rows[0]?.value.cohort).toBe("护理 2301班");
    expect(report.errors).toEqual([{ line: 5, studentNumber: "2023002", fields: [{ field: "major", code: "unknown_major" }] }]);
  });

  it("reports a student number that appears twice on the later lines, pointing to the first", () => {
    const report = roster(
      HEADER +
        [
          "2023001,张三,护理,护理2301班,,",
          "2023002,李四,护理,护理2301班,,",
          "2023001,张三,护理,护理2302班,,",
          "２０２３００１,张三,园艺,护理2302班,,",
          "s2023-9,王五,护理,护理2301班,,",
          "S2023-9,王五,护理,护理2301班,,",
        ].join("\n"),
    );
    expect(report.rows.map((row) => row.line)).toEqual([2, 3, 6]);
    expect(report.errors).toEqual([
      { line: 4, studentNumber: "2023001", fields: [{ field: "studentNumber", code: "duplicate_in_file", params: { firstLine: 2 } }] },
      {
        line: 5,
        studentNumber: "2023001",
        fields: [
          { field: "studentNumber", code: "duplicate_in_file", params: { firstLine: 2 } },
          { field: "major", code: "unknown_major" },
        ],
      },
      { line: 7, studentNumber: "S2023-9", fields: [{ field: "studentNumber", code: "duplicate_in_file", params: { firstLine: 6 } }] },
    ]);
  });

  it("accepts student numbers and phones typed with full-width digits, and stores them folded", () => {
    const report = roster(`${HEADER}２０２３－００１,张三,护理,护理２３０１班,ＺＳ＠Ｅｘａｍｐｌｅ．ｃｏｍ,＋８６ １３８（０００）１３８０００\r\n`);
    expect(accepted(report)).toEqual([
      { line: 2, value: { studentNumber: "2023-001", name: "张三", major: "nursing", cohort: "护理2301班", email: "zs@example.com", phone: "+86 138(000)138000" } },
    ]);
  });

  it("matches the major by its code, Chinese or English name in any case, and stores the code", () => {
    const typed = ["mechatronics", "MECHATRONICS", "机电一体化技术", "mechatronics technology", "ＭＥＣＨＡＴＲＯＮＩＣＳ  Technology", " 机电一体化技术 "];
    const report = roster(HEADER + typed.map((major, i) => `202300${i},张三,${major},机电2301班,,`).join("\n"));
    expect(accepted(report).map((row) => row.value.major)).toEqual(typed.map(() => "mechatronics"));
  });

  it("rejects a major the college does not have", () => {
    const report = roster(`${HEADER}2023001,张三,机电,机电2301班,,\n2023002,李四,mechatronic,机电2301班,,\n`);
    expect(report.errors.map((error) => error.fields)).toEqual([[{ field: "major", code: "unknown_major" }], [{ field: "major", code: "unknown_major" }]]);
  });

  it("leaves out empty email and phone cells instead of rejecting them", () => {
    const report = roster(`${HEADER}2023001,张三,护理,护理2301班,  ,　\n`);
    expect(accepted(report)[0]?.value).toEqual({ studentNumber: "2023001", name: "张三", major: "nursing", cohort: "护理2301班" });
    expect(accepted(report)[0]?.value.email).toBeUndefined();
  });

  it("explains numbers Excel turned into scientific notation, whose digits are lost", () => {
    const report = roster(`${HEADER}2.02301E+11,张三,护理,护理2301班,,1.38E+10\n`);
    expect(report.errors).toEqual([
      {
        line: 2,
        studentNumber: "2.02301E+11",
        fields: [
          { field: "studentNumber", code: "scientific_notation" },
          { field: "phone", code: "scientific_notation" },
        ],
      },
    ]);
  });

  it("exposes the row schema, so one definition checks uploaded and typed-in students alike", () => {
    const schema = rosterRow(MAJORS);
    expect(schema.parse({ studentNumber: " 2023001 ", name: "张　三", major: "Nursing", cohort: "护理2301班", email: "", phone: "" })).toEqual({
      studentNumber: "2023001",
      name: "张 三",
      major: "nursing",
      cohort: "护理2301班",
    });
    expect(schema.safeParse({ studentNumber: "2023001", name: "张三", major: "护理", cohort: "护理2301班" }).success).toBe(true);
    expect(schema.safeParse({ studentNumber: "2023001", name: "张三", major: "牙科", cohort: "护理2301班" }).success).toBe(false);
  });
});

describe("whole-file problems", () => {
  it("reports an empty file, or one with nothing but blank lines and padding", () => {
    for (const file of [new Uint8Array(), utf8("\r\n\r\n"), utf8(",,,\r\n,,,\r\n"), withBom(utf8("")), utf16le("")]) {
      const report = parseRoster(file, MAJORS);
      expect(report.fileErrors).toEqual(["empty"]);
      expect(report.rows).toEqual([]);
    }
  });

  it("reports a header without any students", () => {
    expect(roster("学号,姓名,专业,班级\r\n\r\n").fileErrors).toEqual(["no_rows"]);
  });

  const rosterOf = (count: number) =>
    ["学号,姓名,专业,班级", ...Array.from({ length: count }, (_, i) => `2023${String(i).padStart(5, "0")},学生${i},护理,护理2301班`)].join("\r\n");

  it("reads a roster of 5000 students", () => {
    const report = roster(rosterOf(5000));
    expect(report.fileErrors).toEqual([]);
    expect(report.errors).toEqual([]);
    expect(report.rows).toHaveLength(5000);
    expect(report.rows.at(-1)).toEqual({ line: 5001, value: { studentNumber: "202304999", name: "学生4999", major: "nursing", cohort: "护理2301班" } });
  });

  it("refuses a roster of 5001 students and reads none of it", () => {
    const report = roster(rosterOf(5001));
    expect(report.fileErrors).toEqual(["too_many_rows"]);
    expect(report.rows).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it("takes a lower row limit when the caller sets one", () => {
    expect(roster(rosterOf(3), 2).fileErrors).toEqual(["too_many_rows"]);
    expect(roster(rosterOf(2), 2).rows).toHaveLength(2);
  });
});
