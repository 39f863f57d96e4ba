/**
 * The cron's jobs. Expiry is one guarded batch; delivery sends each pending email through the
 * `send_email` binding when it is configured (production), and leaves them in the outbox when
 * it is not (local development shows them at /{lang}/dev/outbox).
 */
import type { PortalConfig } from "../config.ts";
import type { Database } from "../db/client.ts";
import { markFailed, markSent, pendingEmails } from "../db/outbox.ts";
import { expireLapsed } from "../db/proposals.ts";
import { dropExpiredPreviews } from "../db/roster.ts";
import { mimeMessage } from "../domain/mime-message.ts";

export async function expireProposals(db: Database, now: number): Promise<number> {
  return expireLapsed(db, now);
}

/** Roster previews hold students' personal data: gone an hour after upload, imported or not. */
export async function forgetRosterPreviews(db: Database, now: number): Promise<void> {
  await dropExpiredPreviews(db, now);
}

export async function deliverOutbox(db: Database, env: Env, config: PortalConfig, now: number): Promise<{ sent: number; failed: number }> {
  const binding = env.EMAIL;
  if (!binding) return { sent: 0, failed: 0 };
  const { EmailMessage } = await import("cloudflare:email");
  let sent = 0;
  let failed = 0;
  for (const email of await pendingEmails(db, 25)) {
    const raw = mimeMessage({ from: config.mailFrom, to: email.toAddress, subject: email.subject, text: email.bodyText, date: new Date(now), messageId: `<outbox-${email.id}@${config.mailFrom.split("@")[1] ?? "localhost"}>` });
    try {
      await binding.send(new EmailMessage(config.mailFrom, email.toAddress, raw));
      await markSent(db, email.id, now);
      sent += 1;
    } catch (error) {
      await markFailed(db, email.id, error instanceof Error ? error.message : String(error));
      failed += 1;
    }
  }
  return { sent, failed };
}
