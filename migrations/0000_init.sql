CREATE TABLE `cities` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `industries` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `majors` (
	`code` text PRIMARY KEY NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`to_address` text NOT NULL,
	`locale` text NOT NULL,
	`subject` text NOT NULL,
	`body_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	CONSTRAINT "outbox_kind_check" CHECK("outbox"."kind" IN ('proposal-received', 'proposal-confirm', 'proposal-status-link', 'staff-proposal-submitted')),
	CONSTRAINT "outbox_locale_check" CHECK("outbox"."locale" IN ('zh-CN', 'en'))
);
--> statement-breakpoint
CREATE INDEX `outbox_pending_idx` ON `outbox` (`sent_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_recipient_idx` ON `outbox` (`to_address`,`kind`,`created_at`);--> statement-breakpoint
CREATE TABLE `partners` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`industry_code` text NOT NULL,
	`city_code` text NOT NULL,
	`size` text NOT NULL,
	`website` text,
	`summary_zh` text NOT NULL,
	`summary_en` text NOT NULL,
	`since_year` integer NOT NULL,
	`credit_code` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`industry_code`) REFERENCES `industries`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_code`) REFERENCES `cities`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "partners_size_check" CHECK("partners"."size" IN ('micro', 'small', 'medium', 'large')),
	CONSTRAINT "partners_slug_check" CHECK("partners"."slug" GLOB '[a-z0-9]*' AND "partners"."slug" NOT GLOB '*[^a-z0-9-]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `partners_slug_unique` ON `partners` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `partners_credit_code_unique` ON `partners` (`credit_code`);--> statement-breakpoint
CREATE INDEX `partners_industry_idx` ON `partners` (`industry_code`);--> statement-breakpoint
CREATE TABLE `program_majors` (
	`program_id` integer NOT NULL,
	`major_code` text NOT NULL,
	PRIMARY KEY(`program_id`, `major_code`),
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`major_code`) REFERENCES `majors`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `program_majors_major_idx` ON `program_majors` (`major_code`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`partner_id` integer NOT NULL,
	`type` text NOT NULL,
	`title_zh` text NOT NULL,
	`title_en` text NOT NULL,
	`summary_zh` text NOT NULL,
	`summary_en` text NOT NULL,
	`description_zh` text NOT NULL,
	`description_en` text NOT NULL,
	`seats` integer NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`city_code` text NOT NULL,
	`status` text NOT NULL,
	`featured` integer DEFAULT false NOT NULL,
	`search_text` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`city_code`) REFERENCES `cities`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "programs_type_check" CHECK("programs"."type" IN ('internship', 'apprenticeship', 'order-class', 'training-base', 'joint-lab', 'teacher-practice', 'guest-lecture', 'resource-sharing')),
	CONSTRAINT "programs_status_check" CHECK("programs"."status" IN ('draft', 'open', 'closed')),
	CONSTRAINT "programs_seats_check" CHECK("programs"."seats" > 0),
	CONSTRAINT "programs_period_check" CHECK("programs"."ends_on" >= "programs"."starts_on"),
	CONSTRAINT "programs_slug_check" CHECK("programs"."slug" GLOB '[a-z0-9]*' AND "programs"."slug" NOT GLOB '*[^a-z0-9-]*')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `programs_slug_unique` ON `programs` (`slug`);--> statement-breakpoint
CREATE INDEX `programs_status_type_idx` ON `programs` (`status`,`type`);--> statement-breakpoint
CREATE INDEX `programs_partner_idx` ON `programs` (`partner_id`);--> statement-breakpoint
CREATE TABLE `proposal_cooperation_types` (
	`proposal_id` integer NOT NULL,
	`type` text NOT NULL,
	PRIMARY KEY(`proposal_id`, `type`),
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "proposal_cooperation_types_type_check" CHECK("proposal_cooperation_types"."type" IN ('internship', 'apprenticeship', 'order-class', 'training-base', 'joint-lab', 'teacher-practice', 'guest-lecture', 'resource-sharing'))
);
--> statement-breakpoint
CREATE TABLE `proposal_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`proposal_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor` text NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "proposal_events_actor_check" CHECK("proposal_events"."actor" IN ('enterprise', 'system', 'staff')),
	CONSTRAINT "proposal_events_to_status_check" CHECK("proposal_events"."to_status" IN ('unconfirmed', 'submitted', 'expired', 'withdrawn'))
);
--> statement-breakpoint
CREATE INDEX `proposal_events_proposal_idx` ON `proposal_events` (`proposal_id`,`at`);--> statement-breakpoint
CREATE TABLE `proposal_majors` (
	`proposal_id` integer NOT NULL,
	`major_code` text NOT NULL,
	PRIMARY KEY(`proposal_id`, `major_code`),
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`major_code`) REFERENCES `majors`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `proposals` (
	`id` integer PRIMARY KEY NOT NULL,
	`reference` text NOT NULL,
	`status` text NOT NULL,
	`confirmed_via` text,
	`org_name` text NOT NULL,
	`credit_code` text,
	`registration_number` text,
	`industry_code` text NOT NULL,
	`size` text NOT NULL,
	`city` text NOT NULL,
	`website` text,
	`contact_name` text NOT NULL,
	`contact_role` text,
	`contact_email` text NOT NULL,
	`contact_phone` text NOT NULL,
	`seats` integer,
	`period_start` text,
	`period_end` text,
	`description` text NOT NULL,
	`locale` text NOT NULL,
	`idempotency_key` text NOT NULL,
	`status_token_hash` text NOT NULL,
	`confirm_token_hash` text,
	`consented_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`expires_at` integer,
	FOREIGN KEY (`industry_code`) REFERENCES `industries`(`code`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "proposals_status_check" CHECK("proposals"."status" IN ('unconfirmed', 'submitted', 'expired', 'withdrawn')),
	CONSTRAINT "proposals_confirmed_via_check" CHECK("proposals"."confirmed_via" IS NULL OR "proposals"."confirmed_via" IN ('turnstile', 'email')),
	CONSTRAINT "proposals_confirmed_when_submitted" CHECK("proposals"."status" <> 'submitted' OR "proposals"."confirmed_via" IS NOT NULL),
	CONSTRAINT "proposals_unconfirmed_not_confirmed" CHECK("proposals"."status" <> 'unconfirmed' OR ("proposals"."confirmed_via" IS NULL AND "proposals"."expires_at" IS NOT NULL)),
	CONSTRAINT "proposals_one_registration" CHECK(("proposals"."credit_code" IS NULL) <> ("proposals"."registration_number" IS NULL)),
	CONSTRAINT "proposals_size_check" CHECK("proposals"."size" IN ('micro', 'small', 'medium', 'large')),
	CONSTRAINT "proposals_locale_check" CHECK("proposals"."locale" IN ('zh-CN', 'en')),
	CONSTRAINT "proposals_seats_check" CHECK("proposals"."seats" IS NULL OR "proposals"."seats" BETWEEN 1 AND 10000),
	CONSTRAINT "proposals_period_check" CHECK("proposals"."period_end" IS NULL OR "proposals"."period_start" IS NULL OR "proposals"."period_end" >= "proposals"."period_start")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_reference_unique` ON `proposals` (`reference`);--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_idempotency_key_unique` ON `proposals` (`idempotency_key`);--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_status_token_unique` ON `proposals` (`status_token_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `proposals_confirm_token_unique` ON `proposals` (`confirm_token_hash`);--> statement-breakpoint
CREATE INDEX `proposals_status_expires_idx` ON `proposals` (`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `proposals_contact_email_idx` ON `proposals` (`contact_email`);