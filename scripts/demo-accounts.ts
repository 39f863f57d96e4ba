/**
 * One demo account per role, for the local demo only (`npm start` prints them, the README lists
 * them). Never seeded by `npm run deploy`: a real college creates its first admin at /setup.
 */
import type { Role } from "../functions/auth/roles.ts";

export interface DemoAccount {
  role: Role;
  name: string;
  /** What to type in "student number or email". */
  signIn: string;
  email: string | null;
  studentNumber: string | null;
  partnerSlug: string | null;
  majorCode: string | null;
  cohort: string | null;
  password: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { role: "admin", name: "陈静 (Admin)", signIn: "admin@qinglan.example.cn", email: "admin@qinglan.example.cn", studentNumber: null, partnerSlug: null, majorCode: null, cohort: null, password: "demo-admin-qinglan" },
  { role: "staff", name: "周晓燕", signIn: "staff@qinglan.example.cn", email: "staff@qinglan.example.cn", studentNumber: null, partnerSlug: null, majorCode: null, cohort: null, password: "demo-staff-qinglan" },
  { role: "teacher", name: "刘建国", signIn: "teacher@qinglan.example.cn", email: "teacher@qinglan.example.cn", studentNumber: null, partnerSlug: null, majorCode: "mechatronics", cohort: null, password: "demo-teacher-qinglan" },
  { role: "student", name: "李明", signIn: "2024010101", email: null, studentNumber: "2024010101", partnerSlug: null, majorCode: "software-technology", cohort: "软件2401", password: "demo-student-qinglan" },
  { role: "enterprise", name: "王海燕", signIn: "hr@chilan.example.cn", email: "hr@chilan.example.cn", studentNumber: null, partnerSlug: "chilan-nev-service", majorCode: null, cohort: null, password: "demo-enterprise-qinglan" },
];
