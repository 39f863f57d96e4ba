/** Shapes of the fictional demo college's data that `scripts/seed.ts` loads into a local D1. */
import type { CooperationType } from "../functions/domain/cooperation-type.ts";

export interface DemoNamed {
  code: string; // stable ASCII id, lower-case kebab ("mechatronics", "shenzhen", "smart-manufacturing")
  nameZh: string;
  nameEn: string;
}

export type PartnerSize = "micro" | "small" | "medium" | "large";

export interface DemoPartner {
  slug: string; // stable ASCII, pinyin or English, kebab-case
  nameZh: string;
  nameEn: string;
  industry: string; // DemoNamed.code of an industry
  city: string; // DemoNamed.code of a city
  size: PartnerSize;
  website: string; // https://… on an example domain (*.example.cn / *.example.com), fictional
  summaryZh: string; // 1–3 sentences
  summaryEn: string;
  since: number; // year cooperation began, 2008–2026
  creditCode: string; // valid GB 32100-2015 code (check character correct)
}

export interface DemoProgram {
  slug: string; // stable ASCII, kebab-case, unique
  partner: string; // DemoPartner.slug
  type: CooperationType;
  titleZh: string;
  titleEn: string;
  summaryZh: string; // one sentence, shown in the catalog
  summaryEn: string;
  descriptionZh: string; // 2–5 short paragraphs separated by "\n\n"
  descriptionEn: string;
  majors: string[]; // 1–3 DemoNamed.code of majors
  seats: number; // 1–200
  startsOn: string; // YYYY-MM-DD
  endsOn: string; // YYYY-MM-DD, after startsOn
  city: string; // DemoNamed.code of a city
  status: "open" | "closed";
  featured: boolean;
}
